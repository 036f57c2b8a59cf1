// Preloaded into the Pulumi program by support/engineStack.ts (runtime option `nodeargs: --require …`):
// on exit, writes the program's peak resident set size in KiB to $OPENYURT_PEAK_RSS_FILE.
const fs = require("fs");
process.on("exit", () => {
    if (process.env.OPENYURT_PEAK_RSS_FILE) {
        fs.writeFileSync(process.env.OPENYURT_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
    }
});
