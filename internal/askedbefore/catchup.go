// SPDX-License-Identifier: AGPL-3.0-or-later

package askedbefore

import (
	"context"

	"disclose/internal/foi"
)

// CatchUpBatch is how many requests one transaction of CatchUp indexes.
const CatchUpBatch = 5000

// CatchUp indexes the questions of every request the index has not seen
// (an import's cases, or a database from before the index), a batch per
// transaction so that requests made meanwhile never wait long, and returns
// how many requests it indexed. progress, when set, is told the running
// total after each batch.
func CatchUp(ctx context.Context, store foi.Store, progress func(int)) (int, error) {
	return catchUp(ctx, store, progress, func(tx foi.Tx) (int, error) { return tx.IndexQuestionBatch(ctx, CatchUpBatch) })
}

// CatchUpPublished keys the published questions of every entry the
// published question index has not seen (a database from before the
// index), a batch per transaction, and returns how many requests it looked
// at. Entries published since are kept by the store as they are published.
func CatchUpPublished(ctx context.Context, store foi.Store, progress func(int)) (int, error) {
	return catchUp(ctx, store, progress, func(tx foi.Tx) (int, error) { return tx.IndexPublishedQuestionBatch(ctx, CatchUpBatch) })
}

// catchUp runs batch, a transaction each, until it finds nothing left.
func catchUp(ctx context.Context, store foi.Store, progress func(int), batch func(foi.Tx) (int, error)) (int, error) {
	total := 0
	for {
		var n int
		if err := store.Update(ctx, func(tx foi.Tx) (err error) {
			n, err = batch(tx)
			return err
		}); err != nil {
			return total, err
		}
		if n == 0 {
			return total, nil
		}
		total += n
		if progress != nil {
			progress(total)
		}
	}
}
