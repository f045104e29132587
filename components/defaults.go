package components

// WithDefaults returns a copy of a with every unset optional setting filled
// with its default. Slices and maps of a are not modified.
func (a PipelineArgs) WithDefaults() PipelineArgs {
	out := a
	if out.Schedule.Timezone == "" {
		out.Schedule.Timezone = DefaultTimezone
	}
	if out.Schedule.Enabled == nil {
		enabled := true
		out.Schedule.Enabled = &enabled
	}
	if out.Schedule.MaxRetryAttempts == nil {
		n := DefaultScheduleMaxRetryAttempts
		out.Schedule.MaxRetryAttempts = &n
	}
	if out.Schedule.MaxEventAgeSeconds == 0 {
		out.Schedule.MaxEventAgeSeconds = DefaultScheduleMaxEventAgeSeconds
	}
	if out.Logging.Level == "" {
		out.Logging.Level = DefaultLogLevel
	}
	if out.Logging.RetentionDays == 0 {
		out.Logging.RetentionDays = DefaultLogRetentionDays
	}
	out.Network = a.Network.withDefaults()
	out.ParallelJobs = make([]JobArgs, len(a.ParallelJobs))
	for i, j := range a.ParallelJobs {
		out.ParallelJobs[i] = j.withDefaults(a.jobKinds())
	}
	out.FinalJob = a.FinalJob.withDefaults(a.jobKinds())
	return out
}

func (j JobArgs) withDefaults(kinds jobKinds) JobArgs {
	if j.TimeoutSeconds == 0 {
		j.TimeoutSeconds = DefaultJobTimeoutSeconds
	}
	if j.MaxAttempts == nil {
		n := DefaultJobMaxAttempts
		j.MaxAttempts = &n
	}
	if j.RetryIntervalSeconds == 0 {
		j.RetryIntervalSeconds = DefaultRetryIntervalSeconds
	}
	return kinds.withDefaults(j)
}
