// deploycheck: the static checks of deploy/ that need the real Go libraries of the tools they stand in for
// (no container engine or cluster runs here). Built and run by deploy/tests/validate.sh.
//
//	deploycheck compose FILE ENV_FILE   load FILE like `docker compose --env-file ENV_FILE config`
//	                                    (compose-go: the Compose Specification schema, interpolation,
//	                                    required variables, merge keys) and print the resolved model;
//	                                    also require that loading without ENV_FILE fails (the :? guards)
//	deploycheck kustomize DIR           `kustomize build DIR` (kustomize's krusty) to stdout
//	deploycheck context DOCKERIGNORE ROOT SRC...
//	                                    for each COPY source SRC (relative to the build context ROOT), fail
//	                                    unless the .dockerignore leaves at least one file of it in the context
//	                                    (moby/patternmatcher: the matcher the Docker CLI and BuildKit use)
package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "compose":
		if len(os.Args) != 4 {
			usage()
		}
		err = compose(os.Args[2], os.Args[3])
	case "kustomize":
		if len(os.Args) != 3 {
			usage()
		}
		err = kustomize(os.Args[2])
	case "context":
		if len(os.Args) < 5 {
			usage()
		}
		err = buildContext(os.Args[2], os.Args[3], os.Args[4:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "deploycheck:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: deploycheck compose FILE ENV_FILE | kustomize DIR | context DOCKERIGNORE ROOT SRC...")
	os.Exit(2)
}

func loadCompose(file string, envFiles []string) ([]byte, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	// Only the env file, never this machine's environment: the result must not depend on who runs it.
	opts, err := cli.NewProjectOptions([]string{abs},
		cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return nil, err
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		return nil, err
	}
	return project.MarshalYAML()
}

func compose(file, envFile string) error {
	out, err := loadCompose(file, []string{envFile})
	if err != nil {
		return fmt.Errorf("%s with %s: %w", file, envFile, err)
	}
	os.Stdout.Write(out)
	// The required variables (${VAR:?message}) must stop a start without the env file.
	empty, err := os.CreateTemp("", "deploycheck-empty-*.env")
	if err != nil {
		return err
	}
	empty.Close()
	defer os.Remove(empty.Name())
	if _, err := loadCompose(file, []string{empty.Name()}); err == nil {
		return fmt.Errorf("%s loads without its env file: the required variables are not enforced", file)
	} else {
		first, _, _ := strings.Cut(err.Error(), "\n")
		fmt.Fprintf(os.Stderr, "without the env file the load fails, as required (%s)\n", first)
	}
	return nil
}

func kustomize(dir string) error {
	opts := krusty.MakeDefaultOptions()
	opts.Reorder = krusty.ReorderOptionLegacy // the order of `kustomize build` and `kubectl kustomize`
	k := krusty.MakeKustomizer(opts)
	resources, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return err
	}
	out, err := resources.AsYaml()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

func buildContext(dockerignore, root string, sources []string) error {
	f, err := os.Open(dockerignore)
	if err != nil {
		return err
	}
	patterns, err := ignorefile.ReadAll(f)
	f.Close()
	if err != nil {
		return err
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return err
	}
	var problems []string
	for _, src := range sources {
		src = filepath.Clean(strings.TrimPrefix(src, "/"))
		included, total := 0, 0
		start := filepath.Join(root, src)
		err := filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				// Like Docker's own walk: an excluded directory that no exception reaches into is skipped
				// (node_modules, say).
				if excluded, err := pm.MatchesOrParentMatches(rel); err != nil || !excluded {
					return err
				}
				for _, p := range pm.Patterns() {
					if p.Exclusion() && strings.HasPrefix(p.String(), rel+"/") {
						return nil
					}
				}
				return filepath.SkipDir
			}
			total++
			excluded, err := pm.MatchesOrParentMatches(rel)
			if err != nil {
				return err
			}
			if !excluded {
				included++
			}
			return nil
		})
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", src, err))
		case included == 0:
			problems = append(problems, fmt.Sprintf("%s: excluded by %s (%d file(s), none in the context)", src, dockerignore, total))
		default:
			fmt.Printf("  %s: %d of %d file(s) in the build context\n", src, included, total)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("COPY sources missing from the build context:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}
