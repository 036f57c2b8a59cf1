// pulumi-language-nodejs: a small Node.js language host for the Pulumi engine,
// written for pulumi-openyurt's offline toolchain (scripts/toolchain.sh).
//
// Why it exists: the upstream host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) which has
// no tags and whose pseudo-versions the Go module proxy reachable from our
// machines does not serve, so it cannot be built here. This host implements
// the part of the LanguageRuntime gRPC service that `pulumi preview/up/destroy`
// (CLI and Automation API) need for a Node.js/TypeScript program:
//
//   - Handshake, GetPluginInfo, About, GetProgramDependencies (minimal),
//   - GetRequiredPackages / GetRequiredPlugins: the same node_modules scan the
//     official host does (every package.json under node_modules with
//     "pulumi": {"resource": true} becomes a required resource plugin),
//   - Run: spawns `node <program>/node_modules/@pulumi/pulumi/cmd/run` with the
//     same flags and PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS / PULUMI_NODEJS_*
//     environment as the official host; the SDK talks to the engine's resource
//     monitor directly (no monitor proxy, no synchronous-invoke pipes, which
//     @pulumi/pulumi 3.x does not need),
//   - Cancel: interrupts the running program.
//
// Everything else (InstallDependencies, codegen, packing, debugging, bun) is
// left Unimplemented: run `npm ci` yourself before `pulumi up`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/shlex"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set with -ldflags "-X main.version=...".
var version = "3.0.0-openyurt"

// exit code the Node SDK uses after it already printed an actionable message.
const exitAfterUserMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
	running       map[*exec.Cmd]struct{}
}

func main() {
	// The engine may pass flags we do not know (future versions); parse leniently.
	fs := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	tracing := fs.String("tracing", "", "tracing endpoint (passed to the program)")
	_ = fs.String("runtime", "nodejs", "runtime (only nodejs is supported)")
	_ = fs.String("root", "", "ignored")
	showVersion := fs.Bool("version", false, "print version")
	fs.SetOutput(os.Stderr)
	var args []string
	if err := fs.Parse(os.Args[1:]); err != nil {
		args = nil
		for _, a := range os.Args[1:] {
			if !strings.HasPrefix(a, "-") {
				args = append(args, a)
			}
		}
	} else {
		args = fs.Args()
	}
	if *showVersion {
		fmt.Println(version)
		return
	}

	h := &host{tracing: *tracing, running: map[*exec.Cmd]struct{}{}}
	if len(args) > 0 {
		h.engineAddress = args[0]
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	cancelChannel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancelChannel)
	}()
	if h.engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, h.engineAddress, 5*time.Minute, cancel); err != nil {
			fmt.Fprintf(os.Stderr, "error: could not start health check: %v\n", err)
			os.Exit(1)
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelChannel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: could not start language host RPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "error: language host RPC stopped serving: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(ctx context.Context,
	req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	h.engineAddress = req.GetEngineAddress()
	h.mu.Unlock()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

func (h *host) GetProgramDependencies(ctx context.Context,
	req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	// Direct dependencies from package.json, with the installed versions when present.
	dir := req.GetInfo().GetProgramDirectory()
	var pj struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return &pulumirpc.GetProgramDependenciesResponse{}, nil
	}
	_ = json.Unmarshal(b, &pj)
	var deps []*pulumirpc.DependencyInfo
	for name, want := range pj.Dependencies {
		v := want
		if ib, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json")); err == nil {
			var ip struct {
				Version string `json:"version"`
			}
			if json.Unmarshal(ib, &ip) == nil && ip.Version != "" {
				v = ip.Version
			}
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: v})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// ---- required plugins -------------------------------------------------------

type pluginBlock struct {
	Resource         bool   `json:"resource"`
	Name             string `json:"name"`
	Version          string `json:"version"`
	Server           string `json:"server"`
	Parameterization *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Value   []byte `json:"value"`
	} `json:"parameterization"`
}

type packageJSON struct {
	Name    string      `json:"name"`
	Version string      `json:"version"`
	Pulumi  pluginBlock `json:"pulumi"`
}

// scanPackages walks dir recursively and reports every package.json inside a
// node_modules tree that declares a Pulumi resource plugin.
func scanPackages(dir string, inNodeModules bool, seen map[string]bool) []*pulumirpc.PackageDependency {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if seen[abs] {
		return nil
	}
	seen[abs] = true
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil
	}
	var out []*pulumirpc.PackageDependency
	for _, e := range entries {
		p := filepath.Join(abs, e.Name())
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(p); err == nil {
				isDir = fi.IsDir()
			}
		}
		if isDir {
			// Policy packs carry their own plugins; they are not program dependencies.
			if _, err := os.Stat(filepath.Join(p, "PulumiPolicy.yaml")); err == nil {
				continue
			}
			out = append(out, scanPackages(p, inNodeModules || filepath.Base(abs) == "node_modules", seen)...)
			continue
		}
		if !inNodeModules || e.Name() != "package.json" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var info packageJSON
		if json.Unmarshal(b, &info) != nil || !info.Pulumi.Resource {
			continue
		}
		name := info.Pulumi.Name
		if name == "" {
			if !strings.HasPrefix(info.Name, "@pulumi/") {
				fmt.Fprintf(os.Stderr, "warning: %s: third-party plugin package without pulumi.name\n", p)
				continue
			}
			name = strings.TrimPrefix(info.Name, "@pulumi/")
		}
		ver := info.Pulumi.Version
		if ver == "" {
			ver = info.Version
		}
		if ver != "" && !strings.HasPrefix(ver, "v") {
			ver = "v" + ver
		}
		dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: ver, Server: info.Pulumi.Server}
		if pz := info.Pulumi.Parameterization; pz != nil {
			dep.Parameterization = &pulumirpc.PackageParameterization{
				Name: pz.Name, Version: pz.Version, Value: pz.Value,
			}
		}
		out = append(out, dep)
	}
	return out
}

func (h *host) GetRequiredPackages(ctx context.Context,
	req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	pkgs := scanPackages(req.GetInfo().GetProgramDirectory(), false, map[string]bool{})
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *host) GetRequiredPlugins(ctx context.Context,
	req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	var plugins []*pulumirpc.PluginDependency
	for _, p := range scanPackages(dir, false, map[string]bool{}) {
		if p.Parameterization != nil {
			continue
		}
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// ---- run ----------------------------------------------------------------------

func locateRunScript(ctx context.Context, node, programDir string) (string, error) {
	mod := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if mod == "" {
		mod = "@pulumi/pulumi/cmd/run"
	}
	script := fmt.Sprintf(`try { console.log(require.resolve(%q)); } catch (e) { `+
		`console.error(e.code === "MODULE_NOT_FOUND" ? "It looks like the Pulumi SDK has not been installed. `+
		`Have you run npm install?" : e.message); process.exit(1); }`, mod)
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = programDir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir, entry, rootDir := req.GetPwd(), req.GetProgram(), ""
	var opts map[string]any
	if info != nil {
		programDir, entry, rootDir = info.GetProgramDirectory(), info.GetEntryPoint(), info.GetRootDirectory()
		if info.GetOptions() != nil {
			opts = info.GetOptions().AsMap()
		}
	}
	if entry == "" {
		entry = "."
	}

	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	runPath, err := locateRunScript(ctx, node, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	// Runtime options from Pulumi.yaml (runtime.options).
	typescript, tsconfig, nodeargs := true, "", ""
	if v, ok := opts["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return &pulumirpc.RunResponse{Error: "typescript option must be a boolean"}, nil
		}
		typescript = b
	}
	if v, ok := opts["tsconfig"].(string); ok {
		tsconfig = v
	}
	if v, ok := opts["nodeargs"].(string); ok {
		nodeargs = v
	}

	// Config: the SDK still understands the old "<pkg>:config:<key>" shape best.
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: "bad config key: " + err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, _ := json.Marshal(cfg)
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, _ := json.Marshal(secretKeys)

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(cfgJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	if typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	args, err := shlex.Split(nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args = append(args, runPath)
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()
	add("monitor", req.GetMonitorAddress())
	add("engine", engine)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", rootDir)
	add("stack", req.GetStack())
	add("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("tracing", h.tracing)
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	cmd := exec.Command(node, args...)
	cmd.Dir = programDir
	cmd.Env = env
	// Wrap so Go copies through a pipe: node may flip the blocking mode of an inherited fd.
	cmd.Stdout = struct{ *os.File }{os.Stdout}
	cmd.Stderr = struct{ *os.File }{os.Stderr}
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: "could not run language executor: " + err.Error()}, nil
	}
	h.mu.Lock()
	h.running[cmd] = struct{}{}
	h.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { _ = cmd.Process.Signal(os.Interrupt) })
	err = cmd.Wait()
	stop()
	h.mu.Lock()
	delete(h.running, cmd)
	h.mu.Unlock()
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			switch code := ee.ExitCode(); code {
			case exitAfterUserMessage:
				return &pulumirpc.RunResponse{Bail: true}, nil
			case 0:
				return &pulumirpc.RunResponse{Error: "Program exited unexpectedly: " + err.Error()}, nil
			default:
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}, nil
			}
		}
		return &pulumirpc.RunResponse{Error: "Problem executing program: " + err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

func (h *host) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
	return &emptypb.Empty{}, nil
}
