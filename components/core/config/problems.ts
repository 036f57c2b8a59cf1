/** One thing wrong with the configuration: the setting, the offending value and how to fix it. */
export interface ConfigProblem {
    /** Setting path, e.g. `cloudNodes[1]` or `images.yurthub`. */
    setting: string;
    /** What is wrong, naming the value. */
    message: string;
    /** How to fix it. */
    fix: string;
}

/**
 * Raised before any resource is registered when the configuration cannot be planned.
 * It carries every problem found, not just the first, so one run shows all fixes.
 */
export class ConversionConfigError extends Error {
    constructor(public readonly problems: ConfigProblem[]) {
        super(formatProblems(problems));
        this.name = "ConversionConfigError";
    }
}

export function formatProblems(problems: ConfigProblem[]): string {
    const lines = problems.map((p) => `  - ${p.setting}: ${p.message}\n    fix: ${p.fix}`);
    const noun = problems.length === 1 ? "problem" : "problems";
    return `OpenYurt conversion config has ${problems.length} ${noun}; nothing was changed:\n${lines.join("\n")}`;
}

/** Collects problems while validating; throws them all at once. */
export class ProblemList {
    readonly problems: ConfigProblem[] = [];
    add(setting: string, message: string, fix: string): void {
        this.problems.push({ setting, message, fix });
    }
    throwIfAny(): void {
        if (this.problems.length > 0) {
            throw new ConversionConfigError(this.problems);
        }
    }
}
