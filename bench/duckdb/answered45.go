// Package duckdbbench computes the Springfield measure "calls answered
// within 45 seconds" from a calls CSV file with DuckDB, as a baseline
// for pacta's own timings. It is a separate module so that the pacta
// module never depends on DuckDB or cgo.
package duckdbbench

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" database/sql driver
)

// MonthCounts contains the counts behind the measure for one calendar
// month of offered_at.
type MonthCounts struct {
	Year  int
	Month int

	// Answered45 counts rows with relief = 0, outcome = 'answered' and
	// wait - hold_music <= 45 seconds.
	Answered45 int64

	// Denominator counts rows with relief = 0 that are answered, or
	// abandoned after a wait of more than 30 seconds.
	Denominator int64

	// Relief counts rows with relief = 1, which neither count above includes.
	Relief int64

	// Rows counts every row of the month, including abandoned calls with
	// a wait of 30 seconds or less.
	Rows int64
}

// answered45Query reads the calls file with the given column types in place
// of detected ones and groups by calendar month of offered_at. offered_at is
// local wall time without a zone, so it is read as TIMESTAMP.
const answered45Query = `
SELECT
	year(offered_at) AS year,
	month(offered_at) AS month,
	count(*) FILTER (WHERE relief = 0 AND outcome = 'answered' AND wait - hold_music <= 45) AS answered45,
	count(*) FILTER (WHERE relief = 0 AND (outcome = 'answered' OR (outcome = 'abandoned' AND wait > 30))) AS denominator,
	count(*) FILTER (WHERE relief = 1) AS relief,
	count(*) AS rows
FROM read_csv(?,
	header = true,
	delim = ',',
	columns = {
		'offered_at': 'TIMESTAMP',
		'outcome': 'VARCHAR',
		'wait': 'INTEGER',
		'hold_music': 'INTEGER',
		'relief': 'INTEGER'
	})
GROUP BY year, month
ORDER BY year, month`

// OpenDB opens an in-memory DuckDB database limited to the given number
// of worker threads.
func OpenDB(threads int) (*sql.DB, error) {
	db, err := sql.Open("duckdb", fmt.Sprintf("?threads=%d", threads))
	if err != nil {
		return nil, fmt.Errorf("open in-memory DuckDB with threads=%d: %w", threads, err)
	}
	return db, nil
}

// QueryAnswered45 runs read_csv over the calls file at path and returns
// the counts per month, in calendar order.
func QueryAnswered45(ctx context.Context, db *sql.DB, path string) ([]MonthCounts, error) {
	rows, err := db.QueryContext(ctx, answered45Query, path)
	if err != nil {
		return nil, fmt.Errorf("query calls file %s: %w", path, err)
	}
	defer rows.Close()

	var months []MonthCounts
	for rows.Next() {
		var m MonthCounts
		err := rows.Scan(&m.Year, &m.Month, &m.Answered45, &m.Denominator, &m.Relief, &m.Rows)
		if err != nil {
			return nil, fmt.Errorf("scan month row of calls file %s: %w", path, err)
		}
		months = append(months, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read results for calls file %s: %w", path, err)
	}
	return months, nil
}
