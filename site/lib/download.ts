/**
 * Hands `text` to the browser as a downloaded file named `name`: a link to a blob URL, clicked.
 * The URL can go once this task is over; the download has started from the click.
 */
export function downloadText(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
