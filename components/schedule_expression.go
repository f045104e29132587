package components

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// validateScheduleExpression checks an EventBridge Scheduler expression
// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html):
// cron(minutes hours day-of-month month day-of-week year), rate(value unit)
// or at(yyyy-mm-ddThh:mm:ss). It returns what is wrong and how to fix it.
func validateScheduleExpression(expr string) error {
	switch {
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		return validateCron(strings.TrimSuffix(strings.TrimPrefix(expr, "cron("), ")"))
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		return validateRate(strings.TrimSuffix(strings.TrimPrefix(expr, "rate("), ")"))
	case strings.HasPrefix(expr, "at(") && strings.HasSuffix(expr, ")"):
		inner := strings.TrimSuffix(strings.TrimPrefix(expr, "at("), ")")
		if _, err := time.Parse("2006-01-02T15:04:05", inner); err != nil {
			return fmt.Errorf("%q is not a valid one-time schedule; use at(yyyy-mm-ddThh:mm:ss), e.g. at(2026-12-31T05:00:00)", expr)
		}
		return nil
	}
	return fmt.Errorf("%q is not an EventBridge Scheduler expression; use cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss), e.g. cron(0 5 * * ? *)", expr)
}

var rateUnits = map[string]bool{"minute": true, "hour": true, "day": true}

func validateRate(inner string) error {
	parts := strings.Fields(inner)
	if len(parts) != 2 {
		return fmt.Errorf("rate(%s) must be rate(value unit), e.g. rate(1 day) or rate(12 hours)", inner)
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < 1 {
		return fmt.Errorf("rate(%s): value %q must be a positive whole number", inner, parts[0])
	}
	unit := parts[1]
	singular := strings.TrimSuffix(unit, "s")
	if !rateUnits[singular] {
		return fmt.Errorf("rate(%s): unit %q must be minute(s), hour(s) or day(s)", inner, unit)
	}
	if n == 1 && unit != singular {
		return fmt.Errorf("rate(%s): a value of 1 takes the singular unit; use rate(1 %s)", inner, singular)
	}
	if n > 1 && unit == singular {
		return fmt.Errorf("rate(%s): a value above 1 takes the plural unit; use rate(%d %ss)", inner, n, singular)
	}
	return nil
}

// cronField describes one field of a Scheduler cron expression.
type cronField struct {
	name     string
	min, max int
	names    map[string]int // month or weekday names
	question bool           // '?' allowed (day-of-month, day-of-week)
}

var (
	monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
		"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
	weekdayNames = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

	cronFields = [6]cronField{
		{name: "minutes", min: 0, max: 59},
		{name: "hours", min: 0, max: 23},
		{name: "day-of-month", min: 1, max: 31, question: true},
		{name: "month", min: 1, max: 12, names: monthNames},
		{name: "day-of-week", min: 1, max: 7, names: weekdayNames, question: true},
		{name: "year", min: 1970, max: 2199},
	}

	// Special day forms: day-of-month L, LW, L-n, nW; day-of-week nL, L, n#k.
	domSpecial = regexp.MustCompile(`^(L|LW|L-([0-9]{1,2})|([0-9]{1,2})W)$`)
	dowSpecial = regexp.MustCompile(`^(L|([1-7A-Za-z]{1,3})L|([1-7A-Za-z]{1,3})#([1-5]))$`)
)

func validateCron(inner string) error {
	fields := strings.Fields(inner)
	if len(fields) != 6 {
		return fmt.Errorf("cron(%s) has %d fields; EventBridge Scheduler cron takes 6: minutes hours day-of-month month day-of-week year, e.g. cron(0 5 * * ? *)", inner, len(fields))
	}
	for i, f := range fields {
		if err := cronFields[i].validate(f); err != nil {
			return fmt.Errorf("cron(%s): %w", inner, err)
		}
	}
	dom, dow := fields[2], fields[4]
	if (dom == "?") == (dow == "?") {
		return fmt.Errorf("cron(%s): exactly one of day-of-month (%q) and day-of-week (%q) must be '?'; e.g. cron(0 5 * * ? *) for every day", inner, dom, dow)
	}
	return nil
}

func (c cronField) validate(f string) error {
	if f == "?" {
		if !c.question {
			return fmt.Errorf("%s: '?' is only allowed in day-of-month and day-of-week", c.name)
		}
		return nil
	}
	for _, item := range strings.Split(f, ",") {
		if err := c.validateItem(item); err != nil {
			return err
		}
	}
	return nil
}

func (c cronField) validateItem(item string) error {
	if item == "" {
		return fmt.Errorf("%s: empty list item", c.name)
	}
	if c.name == "day-of-month" {
		if m := domSpecial.FindStringSubmatch(item); m != nil {
			for _, num := range m[2:] {
				if num != "" {
					if _, err := c.value(num); err != nil {
						return err
					}
				}
			}
			return nil
		}
	}
	if c.name == "day-of-week" {
		if m := dowSpecial.FindStringSubmatch(item); m != nil {
			for _, v := range []string{m[2], m[3]} {
				if v != "" {
					if _, err := c.value(v); err != nil {
						return err
					}
				}
			}
			return nil
		}
	}
	base, step, hasStep := strings.Cut(item, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 {
			return fmt.Errorf("%s: increment %q in %q must be a positive whole number", c.name, step, item)
		}
	}
	if base == "*" {
		return nil
	}
	lo, hi, isRange := strings.Cut(base, "-")
	from, err := c.value(lo)
	if err != nil {
		return err
	}
	if isRange {
		to, err := c.value(hi)
		if err != nil {
			return err
		}
		if to < from && c.name != "day-of-week" && c.name != "month" {
			return fmt.Errorf("%s: range %q goes backwards", c.name, base)
		}
	}
	return nil
}

func (c cronField) value(s string) (int, error) {
	if n, ok := c.names[strings.ToUpper(s)]; ok {
		return n, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < c.min || n > c.max {
		return 0, fmt.Errorf("%s: %q is not a value from %d to %d", c.name, s, c.min, c.max)
	}
	return n, nil
}
