import type * as k8s from "@pulumi/kubernetes";
import { input } from "@pulumi/kubernetes/types";

/** Manifest shapes, as the Kubernetes provider takes them (plain values or Pulumi inputs). */
export type ServiceAccount = input.core.v1.ServiceAccount;
export type ConfigMap = input.core.v1.ConfigMap;
export type Secret = input.core.v1.Secret;
export type NodePatch = k8s.core.v1.NodePatchArgs;
export type ClusterRole = input.rbac.v1.ClusterRole;
export type ClusterRoleBinding = input.rbac.v1.ClusterRoleBinding;
export type Role = input.rbac.v1.Role;
export type RoleBinding = input.rbac.v1.RoleBinding;
export type Deployment = input.apps.v1.Deployment;
export type Job = input.batch.v1.Job;
export type Pod = input.core.v1.Pod;
export type EnvVar = input.core.v1.EnvVar;
export type Container = input.core.v1.Container;
