package integrations

import (
	"reflect"
	"testing"

	"batchpipeline/internal/asl"
)

// TestSurveyNamesWhatTheModelCannotJudge: every Task state of a
// definition is either read through the model or named with why, nested
// ones included; none is left out.
func TestSurveyNamesWhatTheModelCannotJudge(t *testing.T) {
	def, err := asl.Parse([]byte(`{
	  "StartAt": "P",
	  "States": {
	    "P": {"Type": "Parallel", "Next": "Approve", "Branches": [{
	      "StartAt": "Build", "States": {
	        "Build": {"Type": "Task", "Resource": "arn:aws:states:::codebuild:startBuild.sync", "Next": "Notify"},
	        "Notify": {"Type": "Task", "Resource": "arn:aws:states:::mediaconvert:createJob", "Next": "Get"},
	        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:copyObject", "Next": "Wait"},
	        "Wait": {"Type": "Task", "Resource": "arn:aws:states:::codebuild:startBuild.waitForTaskToken", "Next": "Odd"},
	        "Odd": {"Type": "Task", "Resource": "arn:aws:s3:::bucket", "Next": "Query"},
	        "Query": {"Type": "Task", "Resource": "arn:aws:states:::athena:startQueryExecution", "Parameters": {"QueryString": "SELECT 1"}, "Next": "None"},
	        "None": {"Type": "Task", "End": true}
	      }}]},
	    "Approve": {"Type": "Task", "Resource": "arn:aws:states:ap-northeast-1:123456789012:activity:approve", "Next": "Each"},
	    "Each": {"Type": "Map", "Next": "Inline", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"},
	      "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}},
	    "Inline": {"Type": "Map", "Next": "Other", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
	      "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}},
	    "Other": {"Type": "Map", "Next": "Done", "ItemReader": {"Resource": "arn:aws:states:::s3:selectObjectContent"},
	      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"},
	      "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}},
	    "Done": {"Type": "Pass", "End": true}
	  }}`))
	if err != nil {
		t.Fatal(err)
	}
	tasks, uncovered := Survey(def)
	var read []string
	for _, task := range tasks {
		read = append(read, task.Path+" "+task.Call.Integration.Name())
	}
	if want := []string{"States.Approve activity", "States.Each states:distributedMap", "States.Other states:distributedMap",
		"States.P.Branches[0].States.Build codebuild:startBuild", "States.P.Branches[0].States.Query athena:startQueryExecution"}; !reflect.DeepEqual(read, want) {
		t.Errorf("read %q, want %q", read, want)
	}
	const branch = "States.P.Branches[0].States."
	want := []Uncovered{ // in asl.Walk's order: names sorted in each scope
		{"States.Other.ItemReader", "arn:aws:states:::s3:selectObjectContent", "the run-time model does not know this ItemReader", false},
		{branch + "Get", "arn:aws:states:::aws-sdk:s3:copyObject",
			"the IAM action of s3:copyObject is not its name, and the run-time model does not know it", false},
		{branch + "None", "", "it has no Resource", false},
		{branch + "Notify", "arn:aws:states:::mediaconvert:createJob", "the run-time model does not cover this integration yet", false},
		{branch + "Odd", "arn:aws:s3:::bucket", "its Resource is no integration, Lambda function or activity the run-time model knows", false},
		{branch + "Query", "arn:aws:states:::athena:startQueryExecution", athenaDataWhy, true},
		{branch + "Wait", "arn:aws:states:::codebuild:startBuild.waitForTaskToken",
			"the run-time model knows codebuild:startBuild only with the patterns request-response, .sync", false},
	}
	if !reflect.DeepEqual(uncovered, want) {
		t.Errorf("uncovered:\n%+v\nwant:\n%+v", uncovered, want)
	}
	if got := Tasks(def); !reflect.DeepEqual(got, tasks) {
		t.Errorf("Tasks = %+v, want Survey's tasks", got)
	}
}
