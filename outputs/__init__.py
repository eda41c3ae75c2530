"""What an analyst takes away from a dataset.

``esep report DATASET -o summary.html``: one self-contained HTML page with
the dataset's coverage, plan and fact, reach, demographics and findings
(``outputs.figures`` computes, ``outputs.charts`` draws, ``outputs.page``
writes).  ``esep export DATASET --xlsx FILE``: the tables as an Excel
workbook (``outputs.workbook``).  Both read one snapshot of the dataset
through ``outputs.dataset``.
"""
