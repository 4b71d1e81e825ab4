"""Imported first by the describing workers' server (``workers._PRELOAD``),
before NumPy and SciPy are: one BLAS thread per worker.

Nothing a worker does calls BLAS (the perceptual hash is a small DCT), but
OpenBLAS starts a thread per core on import, and each spins on a core for
about a tenth of a second (measured: 0.13 s of CPU, at the start of a batch,
while the ``sabt`` process itself is starting). Only that server imports this
module, so the ``sabt`` process's own environment is left as it is.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
