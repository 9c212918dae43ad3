"""Stage 3, the build folder: writing it, checking it, opening it for reading.

In: the files a build produced. Out: a folder that later commands open with
``--dataset DIR`` (the store, the dumps, the manifest), the cache of the
embedded plan's build, and the readers' entry point ``open_store``.
"""
