/** What a command reads and writes: injected so commands can be driven from tests. */
export interface Io {
    /** Results and progress (stdout; with `--output json` on convert, markautonomous and revert: stderr). */
    out: (text: string) => void;
    /** Errors and warnings. */
    err: (text: string) => void;
    /** Machine-readable results (`--output json`): always stdout. */
    data: (text: string) => void;
    /** True when stdin is a terminal a human can answer a prompt on. */
    interactive: boolean;
    /** Colour what goes to `out` / to `err` (see colourFor). */
    colour: boolean;
    errColour: boolean;
    /** Reads one line from stdin (the answer to a prompt); undefined at end of input. */
    readLine: () => Promise<string | undefined>;
    env: NodeJS.ProcessEnv;
    /** Milliseconds, for elapsed times. */
    now: () => number;
}

/** Colour on a stream only when it is a terminal and NO_COLOR (https://no-color.org) is unset or empty. */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
    return !!stream.isTTY && !env.NO_COLOR;
}

/**
 * The Io of a command whose `--output json` summary owns stdout: what it tells a human (header,
 * tables, progress, the prompt) goes to stderr, coloured as stderr is.
 */
export function humanOnStderr(io: Io): Io {
    return { ...io, out: io.err, colour: io.errColour };
}

/** The real process: stdout, stderr, stdin. */
export function processIo(): Io {
    return {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        data: (t) => process.stdout.write(t),
        interactive: !!process.stdin.isTTY,
        colour: colourFor(process.stdout, process.env),
        errColour: colourFor(process.stderr, process.env),
        readLine: () =>
            new Promise((resolve) => {
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
