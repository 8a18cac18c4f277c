"""Documents in, a consistent Chroma index out: loaders, chunking, indexing."""
