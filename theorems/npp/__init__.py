"""Number partitioning and random subset sum (npp-quantized-slth-thesis.md ch. 3, §5.1.4; prefixes ``npp.``, ``rssp.``)."""
