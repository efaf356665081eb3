// CSV that opens correctly in Excel: UTF-8 with a BOM, CRLF line ends, every
// field quoted, and cells that would start a formula defused.

function cell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  // =, +, -, @ (and tab/CR) at the start make Excel evaluate a formula.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The CSV text (with BOM) for a header row and rows of values. */
export function toCsv(header, rows) {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offers the CSV as a download named `filename`. */
export function downloadCsv(filename, header, rows) {
  const blob = new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
