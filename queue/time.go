package queue

import (
	"errors"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
)

// DBTime formats t as PocketBase stores dates, so that string comparison
// in SQL orders them.
func DBTime(t time.Time) string {
	dt, _ := types.ParseDateTime(t.UTC())
	return dt.String()
}

// ParseDBTime reads a date as PocketBase stores it ("" is the zero time).
func ParseDBTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02 15:04:05.000Z", s)
	if err != nil {
		return time.Time{}, errors.New("queue: bad date " + s)
	}
	return t, nil
}
