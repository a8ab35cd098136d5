"""Domain logic shared by lint, render, report and the writers: no file formats, no terminal."""
