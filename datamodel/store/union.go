package store

import (
	"context"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// Union searches several stores as one, so that a test replaying several
// files can share each file's store with other tests instead of ingesting
// it again.
func Union(stores ...*Store) engine.Source {
	if len(stores) == 1 {
		return stores[0]
	}
	return union(stores)
}

type union []*Store

// Scan implements engine.Source: the stores' events merged newest first.
func (u union) Scan(ctx context.Context, req engine.EventScan, fn func(value.Fields) error) error {
	return mergeEvents(ctx, u, req, fn)
}

func (u union) Dataset(name string) (engine.Dataset, error) {
	parts := make(unionDataset, 0, len(u))
	for _, s := range u {
		d, err := s.Dataset(name)
		if err != nil {
			return nil, err
		}
		parts = append(parts, d)
	}
	return parts, nil
}

type unionDataset []engine.Dataset

func (d unionDataset) Name() string   { return d[0].Name() }
func (d unionDataset) Object() string { return d[0].Object() }

func (d unionDataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	for _, p := range d {
		if err := p.Scan(ctx, fn); err != nil {
			return err
		}
	}
	return nil
}

func (d unionDataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	for _, p := range d {
		if err := p.Events(ctx, fn); err != nil {
			return err
		}
	}
	return nil
}

// Knowledge implements engine.KnowledgeSource with the first store's
// knowledge (the stores of a union share theirs).
func (u union) Knowledge() (engine.Knowledge, error) { return datamodel.SearchKnowledge(u[0].base) }
