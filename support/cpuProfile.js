// Preloaded into Node processes the engine starts (the program, the dynamic-provider host) through
// NODE_OPTIONS=--require <this file>, by bench/engine.bench.ts when BENCH_PROFILE is set (Node 20
// refuses --cpu-prof in NODE_OPTIONS). When $OPENYURT_CPU_PROFILE_DIR is set: a CPU profile of this
// process (sampled every millisecond), written at exit as <label>-<pid>-<script>.cpuprofile, the label
// from $OPENYURT_CPU_PROFILE_LABEL. Read with `npm run bench:profile-top -- <file>`.
const dir = process.env.OPENYURT_CPU_PROFILE_DIR;
if (dir) {
    const inspector = require("inspector");
    const fs = require("fs");
    const path = require("path");
    const session = new inspector.Session();
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.setSamplingInterval", { interval: 1000 });
    session.post("Profiler.start");
    let written = false;
    const write = () => {
        if (written) {
            return;
        }
        written = true;
        // The session's calls run synchronously, so the profile is written before the process ends.
        session.post("Profiler.stop", (err, result) => {
            if (!err) {
                const script = path.basename(process.argv[1] ?? "node");
                const label = process.env.OPENYURT_CPU_PROFILE_LABEL ?? "node";
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(path.join(dir, `${label}-${process.pid}-${script}.cpuprofile`), JSON.stringify(result.profile));
            }
        });
    };
    process.on("exit", write);
    // The engine ends the provider host with a signal: write, then end as the signal would.
    for (const signal of ["SIGTERM", "SIGINT"]) {
        process.once(signal, () => {
            write();
            process.kill(process.pid, signal);
        });
    }
}
