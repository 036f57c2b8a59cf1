import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ProblemList } from "../core/config/problems";

/**
 * What the Alibaba Cloud provider will see when it starts: its `alicloud:*` stack settings, the
 * environment and the shared credentials file. Injected so the checks stay pure and testable.
 */
export interface AlicloudEnvironment {
    /** Raw value of an `alicloud:<key>` setting (e.g. "region", "accessKey"); undefined when unset. */
    config(key: string): string | undefined;
    env: Record<string, string | undefined>;
    fileExists(file: string): boolean;
    homeDir: string;
}

/** How the provider will authenticate, for messages and docs. */
export type CredentialSource = "access key" | "profile" | "shared credentials file" | "ECS RAM role";

const first = (env: Record<string, string | undefined>, ...names: string[]) => names.map((n) => env[n]).find((v) => v);

/** The region the provider will use: `alicloud:region`, else ALICLOUD_REGION / ALIBABA_CLOUD_REGION. */
export function alicloudRegion(e: AlicloudEnvironment): string | undefined {
    return e.config("region") || first(e.env, "ALICLOUD_REGION", "ALIBABA_CLOUD_REGION");
}

const setKeys = [
    "`pulumi config set --secret alicloud:accessKey <AccessKey ID>`",
    "`pulumi config set --secret alicloud:secretKey <AccessKey secret>`",
].join(" and ");

/**
 * Checks that the provider will find credentials, in the provider's own order: an AccessKey pair
 * (`alicloud:accessKey`/`alicloud:secretKey`, or ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY), a named
 * profile (`alicloud:profile` or ALICLOUD_PROFILE), a shared credentials file, or an ECS RAM role.
 * Without this, a stack with no credentials would fail only inside the first cloud call.
 * (That committed stack files hold no plaintext key is checked by test/unit/stacks.test.ts.)
 */
export function checkCredentials(e: AlicloudEnvironment, problems: ProblemList): CredentialSource | undefined {
    const accessKey = e.config("accessKey") || first(e.env, "ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID");
    const secretKey = e.config("secretKey") || first(e.env, "ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    if (accessKey && secretKey) {
        return "access key";
    }
    if (accessKey || secretKey) {
        const missing = accessKey ? "secretKey" : "accessKey";
        const envName = accessKey ? "ALICLOUD_SECRET_KEY" : "ALICLOUD_ACCESS_KEY";
        problems.add(
            `alicloud:${missing}`,
            `only half of the AccessKey pair is set (alicloud:${missing} and ${envName} are both unset)`,
            `run \`pulumi config set --secret alicloud:${missing} <value>\` or export ${envName}`,
        );
        return undefined;
    }
    if (e.config("profile") || first(e.env, "ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE")) {
        return "profile";
    }
    const sharedFile = e.config("sharedCredentialsFile") || first(e.env, "ALICLOUD_SHARED_CREDENTIALS_FILE");
    if (sharedFile) {
        if (!e.fileExists(sharedFile)) {
            problems.add(
                "alicloud:sharedCredentialsFile",
                `the shared credentials file ${sharedFile} does not exist`,
                `point it at the file \`aliyun configure\` writes (default ~/.aliyun/config.json), or use ${setKeys}`,
            );
            return undefined;
        }
        return "shared credentials file";
    }
    if (e.fileExists(path.join(e.homeDir, ".aliyun", "config.json"))) {
        return "shared credentials file";
    }
    if (e.config("ecsRoleName") || first(e.env, "ALICLOUD_ECS_ROLE_NAME")) {
        return "ECS RAM role";
    }
    problems.add(
        "alicloud:accessKey",
        "no Alibaba Cloud credentials found (no AccessKey in stack config or environment, no profile, no ~/.aliyun/config.json, no ECS RAM role)",
        `run ${setKeys}; or export ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY; or set ALICLOUD_PROFILE to a profile of ~/.aliyun/config.json`,
    );
    return undefined;
}

/** The provider's view from inside a Pulumi program: this stack's `alicloud:*` config and the process environment. */
export function stackAlicloudEnvironment(): AlicloudEnvironment {
    return {
        config: (key) => pulumi.runtime.getConfig(`alicloud:${key}`),
        env: process.env,
        fileExists: (file) => fs.existsSync(file.startsWith("~/") ? path.join(os.homedir(), file.slice(2)) : file),
        homeDir: os.homedir(),
    };
}
