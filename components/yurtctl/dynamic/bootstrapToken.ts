import * as pulumi from "@pulumi/pulumi";
import { dynamicModule, dynamicTypes } from "../../core/names";

export interface BootstrapTokenArgs {
    /** Lifetime in seconds. */
    ttlSeconds: pulumi.Input<number>;
}

interface TokenState {
    ttlSeconds: number;
    tokenId: string;
    tokenSecret: string;
    /** `<id>.<secret>`, what `--join-token` takes. */
    token: string;
    /** RFC 3339. */
    expiration: string;
}

/** Random string over [a-z0-9], as bootstrap tokens require. */
function randomToken(length: number): string {
    // Required at call time: this runs inside the dynamic provider, serialized with what it captures.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { randomBytes } = require("crypto");
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    while (out.length < length) {
        for (const b of randomBytes(length) as Buffer) {
            if (b < 252 && out.length < length) {
                out += alphabet[b % 36];
            }
        }
    }
    return out;
}

/**
 * A bootstrap token (id + secret) that expires. The random value lives only in the state, as a
 * secret. When less than half its lifetime is left, the next `up` replaces it, so a long-lived
 * stack never hands nodes a token that is about to expire.
 */
export const bootstrapTokenProvider: pulumi.dynamic.ResourceProvider = {
    async diff(_id: string, olds: TokenState, news: { ttlSeconds: number }) {
        const remaining = (Date.parse(olds.expiration) - Date.now()) / 1000;
        const replace = olds.ttlSeconds !== news.ttlSeconds || !(remaining > news.ttlSeconds / 2);
        return { changes: replace, replaces: replace ? ["ttlSeconds"] : [], deleteBeforeReplace: false };
    },
    async create(inputs: { ttlSeconds: number }) {
        const tokenId = randomToken(6);
        const tokenSecret = randomToken(16);
        const expiration = new Date(Date.now() + inputs.ttlSeconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
        const outs: TokenState = { ttlSeconds: inputs.ttlSeconds, tokenId, tokenSecret, token: `${tokenId}.${tokenSecret}`, expiration };
        return { id: tokenId, outs };
    },
};

export class BootstrapToken extends pulumi.dynamic.Resource {
    declare public readonly tokenId: pulumi.Output<string>;
    declare public readonly tokenSecret: pulumi.Output<string>;
    declare public readonly token: pulumi.Output<string>;
    declare public readonly expiration: pulumi.Output<string>;
    constructor(name: string, args: BootstrapTokenArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            bootstrapTokenProvider,
            name,
            { tokenId: undefined, tokenSecret: undefined, token: undefined, expiration: undefined, ...args },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["tokenSecret", "token"] }),
            dynamicModule,
            dynamicTypes.bootstrapToken,
        );
    }
}
