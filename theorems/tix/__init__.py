"""Random pruning and path counting (tickets-random-pruning-report.md, prefix ``tix.``)."""
