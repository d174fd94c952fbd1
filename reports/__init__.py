"""Reports: lay out finished frames as the controller's Excel appendix and `kpis.csv`.

Nothing here computes a figure. The modules split content from form, in the
manner of ONS's gptables:

- `tables`: the content model (Table, Chart, Sheet, Workbook): plain data.
- `telephony_report`: content builders; which tables and charts, in Dutch.
- `appendix`: composes the builders into the workbook the report flow writes.
- `theme`: the one module that decides how things look.
- `excel`: renders a Workbook with xlsxwriter and writes it atomically.
- `kpis_csv`: the machine-readable `kpis.csv`, written atomically.
"""
