package stream

import "github.com/spelunk-dev/spelunk/engine"

var _ engine.KnowledgeSource = (*Source)(nil)
