/** What a command reads and writes: injected so commands can be driven from tests. */
export interface Io {
    /** Results and progress. */
    out: (text: string) => void;
    /** Errors and warnings. */
    err: (text: string) => void;
    /** True when stdin is a terminal a human can answer a prompt on. */
    interactive: boolean;
    /** Reads one line from stdin (the answer to a prompt); undefined at end of input. */
    readLine: () => Promise<string | undefined>;
    env: NodeJS.ProcessEnv;
    /** Milliseconds, for elapsed times. */
    now: () => number;
}

/** The real process: stdout, stderr, stdin. */
export function processIo(): Io {
    return {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        interactive: !!process.stdin.isTTY,
        readLine: () => new Promise((resolve) => {
            let buf = "";
            const onData = (chunk: Buffer) => {
                buf += chunk.toString("utf8");
                const nl = buf.indexOf("\n");
                if (nl >= 0) {
                    done(buf.slice(0, nl));
                }
            };
            const onEnd = () => done(buf.length > 0 ? buf : undefined);
            const done = (line: string | undefined) => {
                process.stdin.off("data", onData);
                process.stdin.off("end", onEnd);
                process.stdin.pause();
                resolve(line?.replace(/\r$/, ""));
            };
            process.stdin.on("data", onData);
            process.stdin.on("end", onEnd);
            process.stdin.resume();
        }),
        env: process.env,
        now: () => Date.now(),
    };
}
