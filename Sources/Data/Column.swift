// Data module: columns, frames and readers.
