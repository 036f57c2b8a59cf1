import { YurtManagerRelease } from "./release";

/**
 * OpenYurt v1.7.0 (tag v1.7.0, commit 35ef4cd6, May 2026): label-driven conversion by
 * yurt-manager's yurt-node-conversion-controller. Keys and names follow the release's source:
 * pkg/projectinfo (labels, annotations), pkg/yurtmanager/controller/yurtnodeconversion (condition),
 * pkg/node-servant/constant.go (Job), charts/ (chart names and version).
 */
export const v1_7_0: YurtManagerRelease = {
    generation: "yurt-manager",
    handsOverNodeLifecycle: false,
    convertMarksEveryEdgeNode: false,
    version: "v1.7.0",
    kubernetes: {
        min: "1.23",
        max: "1.34",
        why:
            "OpenYurt v1.7.0 is built and tested against Kubernetes 1.34 (its go.mod uses k8s.io/* v0.34.0); " +
            "its conversion Jobs rely on ttlSecondsAfterFinished, GA since 1.23",
    },
    edgeWorkerLabel: "openyurt.io/is-edge-worker",
    autonomyAnnotation: "node.openyurt.io/autonomy-duration",
    nodePoolLabel: "apps.openyurt.io/nodepool",
    nodePoolApiVersion: "apps.openyurt.io/v1beta2",
    conversionCondition: {
        type: "YurtNodeConversionFailed",
        converting: "Converting",
        converted: "Converted",
        convertFailed: "ConvertFailed",
        reverting: "Reverting",
        reverted: "Reverted",
        revertFailed: "RevertFailed",
    },
    conversionJobPrefix: "node-servant-conversion-",
    conversionNodeLabel: "openyurt.io/conversion-node",
    defaultImages: {
        yurtManager: "openyurt/yurt-manager:v1.7.0",
        nodeServant: "openyurt/node-servant:v1.7.0",
        yurthub: "openyurt/yurthub:v1.7.0",
    },
    charts: {
        version: "1.7.0",
        repository: "https://openyurtio.github.io/charts",
        yurtManager: "yurt-manager",
        yurthub: "yurthub",
    },
    defaultConversionWorkers: 3,
};
