"""What makes a run fast and changes none of its output: the cache, the files
known by their stat, and the forked processes that render a large catalog and link
the new tree."""
