import * as assert from "assert";
import { yurthubBootPod } from "../../components/yurtmanager/yurthubBootPod";

describe("yurt-hub at boot (the component's workaround for node-servant's yurthub.service)", () => {
    const settings = { namespace: "kube-system", timeoutSeconds: 120 };
    const enable: any = yurthubBootPod(settings, "edge-1", "openyurt/node-servant:v1.7.0", "enable-yurthub-at-boot");
    const disable: any = yurthubBootPod(settings, "edge-1", "openyurt/node-servant:v1.7.0", "disable-yurthub-at-boot");

    it("runs like node-servant, in a bare pod: pinned image, on its node, privileged, the node's root at /openyurt, never restarted, failed by the kubelet after the timeout", () => {
        for (const pod of [enable, disable]) {
            const spec = pod.spec;
            assert.strictEqual(pod.metadata.name, "yurthub-at-boot-edge-1");
            assert.strictEqual(pod.metadata.namespace, "kube-system");
            assert.strictEqual(pod.metadata.labels["app.kubernetes.io/name"], "yurthub-at-boot");
            assert.strictEqual(spec.nodeName, "edge-1");
            assert.strictEqual(spec.hostPID, true);
            assert.strictEqual(spec.containers[0].image, "openyurt/node-servant:v1.7.0");
            assert.strictEqual(spec.containers[0].securityContext.privileged, true);
            assert.deepStrictEqual(spec.containers[0].volumeMounts, [{ name: "host-root", mountPath: "/openyurt" }]);
            assert.strictEqual(spec.restartPolicy, "Never");
            assert.strictEqual(spec.activeDeadlineSeconds, 120);
        }
    });

    it("enable adds the boot link in the node's root and fails unless systemd then says enabled; disable removes it", () => {
        const on = enable.spec.containers[0].args.join(" ");
        assert.match(on, /chroot \/openyurt systemctl add-wants multi-user\.target yurthub\.service/);
        assert.match(on, /systemctl is-enabled yurthub\.service/);
        assert.match(on, /\[ "\$state" = enabled \]/);
        const off = disable.spec.containers[0].args.join(" ");
        assert.match(off, /rm -f \/openyurt\/etc\/systemd\/system\/multi-user\.target\.wants\/yurthub\.service/);
        assert.match(off, /chroot \/openyurt systemctl daemon-reload/);
        assert.strictEqual(enable.metadata.labels["openyurt.io/servant-action"], "enable-yurthub-at-boot");
        assert.strictEqual(disable.metadata.labels["openyurt.io/servant-action"], "disable-yurthub-at-boot");
    });
});
