/**
 * kubescene never downloads a browser. The optional Mermaid renderer uses the
 * system Chromium (Debian: `apt-get install chromium`, /usr/bin/chromium).
 */
module.exports = { skipDownload: true };
