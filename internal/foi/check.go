// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"fmt"
	"slices"
)

// CheckReport is what a database check found (`disclose check`): whether
// the engine finds the file or database sound, whether its schema is the
// one this Disclose knows, and how much it holds.
type CheckReport struct {
	Engine        string
	Problems      []string // integrity and consistency problems the engine reports; none when sound
	SchemaVersion int      // the last migration applied
	Missing       []string // migrations this Disclose has that the database lacks
	Unknown       []string // migrations the database records that this Disclose does not have
	Counts        []TableCount
}

// TableCount is the number of rows in one table.
type TableCount struct {
	Table string
	Rows  int64
}

// CheckedTables are the tables whose rows a check counts: enough to see at
// a glance that a backup holds what the live database does.
var CheckedTables = []string{"requests", "publications", "events", "outbox", "users"}

// OK reports whether the database is sound and fully migrated.
func (r *CheckReport) OK() bool {
	return len(r.Problems) == 0 && len(r.Missing) == 0 && len(r.Unknown) == 0
}

// Count returns the rows counted in table, -1 when it was not counted.
func (r *CheckReport) Count(table string) int64 {
	for _, c := range r.Counts {
		if c.Table == table {
			return c.Rows
		}
	}
	return -1
}

// CompareMigrations fills Missing and Unknown from the migrations a
// database records and those this binary has, both by version and file
// name: a recorded name that differs from ours is a migration we do not
// know.
func (r *CheckReport) CompareMigrations(applied, known map[int]string) {
	for v, name := range known {
		if got, ok := applied[v]; !ok {
			r.Missing = append(r.Missing, name)
		} else if got != name {
			r.Unknown = append(r.Unknown, fmt.Sprintf("%s (this Disclose has %s)", got, name))
		}
	}
	for v, name := range applied {
		if _, ok := known[v]; !ok {
			r.Unknown = append(r.Unknown, name)
		}
		r.SchemaVersion = max(r.SchemaVersion, v)
	}
	slices.Sort(r.Missing)
	slices.Sort(r.Unknown)
}
