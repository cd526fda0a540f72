package asaas

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// MaxPageSize is the largest page Asaas serves.
const MaxPageSize = 100

// List is Asaas' list envelope:
// {"object":"list","hasMore":…,"totalCount":…,"limit":…,"offset":…,"data":[…]}.
type List[T any] struct {
	Object     string `json:"object"`
	HasMore    bool   `json:"hasMore"`
	TotalCount int    `json:"totalCount"`
	Limit      int    `json:"limit"`
	Offset     int    `json:"offset"`
	Data       []T    `json:"data"`
}

// applyPage sets offset and limit: offset items skipped, at most limit items
// (0 = Asaas' default of 10; values above 100 are clamped).
func applyPage(q url.Values, offset, limit int) {
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(min(limit, MaxPageSize)))
	}
}

// setIf adds a query parameter only when v is not empty.
func setIf(q url.Values, key, v string) {
	if v != "" {
		q.Set(key, v)
	}
}

// pageAll walks every page of a list from offset start, MaxPageSize items at
// a time, yielding each item; it stops at the first error (yielded once) or
// when ctx ends.
func pageAll[T any](ctx context.Context, start int, fetch func(ctx context.Context, offset, limit int) (*List[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		offset := start
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, offset, MaxPageSize)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page.Data {
				if !yield(item, nil) {
					return
				}
			}
			if !page.HasMore || len(page.Data) == 0 {
				return
			}
			offset += len(page.Data)
		}
	}
}

// Collect drains an iterator from ListAllPayments or ListAllSubscriptions
// into a slice, stopping at the first error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for item, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, item)
	}
	return out, nil
}
