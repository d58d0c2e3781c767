#!/usr/bin/env python3
"""Semantic checks of deploy/ that no schema expresses (run by validate.sh with its venv's Python).

  check_manifests.py REPO_ROOT RENDERED_K8S_YAML COMPOSE_CONFIG_YAML DEPLOYCHECK_BINARY

- kustomization: every manifest of deploy/k8s is listed (secret.example.yaml excepted on purpose), the build holds
  no Secret, everything is in namespace rman;
- secrets are referenced, never inlined: no literal value for a secret-looking variable, every secretKeyRef and
  secret volume names rman-secrets and a key that secret.example.yaml documents;
- labels and ports: selectors match their pod templates, Services and the Ingress point at existing ports;
- MongoDB: Auth, Customer, Order and Complaint on their own MongoDB database (DATABASE_URL) with their own user
  (created by mongodb.yaml's init script), several replicas in Kubernetes, Auth's replicas sharing one signing key
  (docs/mongodb.md §1, §3), the mongodb StatefulSet and compose service as intended;
- NetworkPolicy: the flows the policies allow (both ends' ingress and egress, as a network plugin applies them)
  are exactly the flows the system makes (EXPECTED_FLOWS);
- cross-file consistency: nginx upstreams, the *_URL settings, Services, compose and Dockerfile ports and users;
  workload images pinned;
- Dockerfiles: multi-stage, pinned base images, non-root numeric USER, HEALTHCHECK, EXPOSE, COPY sources in the
  build context of their .dockerignore (deploycheck context).
Prints one line per check; exits 1 if any failed.
"""
import ipaddress
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

NAMESPACE = "rman"
SECRET = "rman-secrets"
SERVICES = {"auth": 3001, "customer": 8001, "order": 8002, "complaint": 8003}
MONGO_SERVICES = ("auth", "customer", "order", "complaint")  # all four on MongoDB (docs/mongodb.md §1, §3)
MONGO_UID = 999  # the mongo image's mongodb user
WORKLOAD_KINDS = ("Deployment", "StatefulSet")
WEB_PORT = 8080  # nginx in the web image (deploy/docker/nginx.conf `listen`)
SMTP_PORT = 587  # configmap.yaml SMTP_PORT
MONGO_PORT = 27017

# Peers outside the namespace, as the cluster labels them (networkpolicy.yaml says how to adapt).
INGRESS_CONTROLLER = ("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
CLUSTER_DNS = ("kube-system", {"k8s-app": "kube-dns"})
OTHER_POD = ("other", {"app": "other"})  # any other pod of the cluster: must reach nothing
EXTERNAL = "203.0.113.10"  # an address outside the cluster (SMTP server, MongoDB Atlas, …)

ANYWHERE = "*"  # a destination of EXPECTED_FLOWS: every peer outside the namespace

# Every call the system makes (ARCHITECTURE.md; the *_URL settings read in services/*/main.cpp; API.md §2.5, §2.6, §9).
EXPECTED_FLOWS = {
    ("ingress-controller", "web", "TCP", WEB_PORT),  # ingress.yaml: everything to web
    *{("web", s, "TCP", p) for s, p in SERVICES.items()},  # nginx routes /api/*
    *{(s, "auth", "TCP", 3001) for s in ("customer", "order", "complaint")},  # JWKS, revocations, users
    *{(s, "customer", "TCP", 8001) for s in ("auth", "order", "complaint")},  # events to Customer
    ("auth", "order", "TCP", 8002),  # UserErased
    ("auth", "complaint", "TCP", 8003),  # UserErased
    ("complaint", "order", "TCP", 8002),  # order verification
    ("customer", "order", "TCP", 8002),  # GET /customers/{id}/orders
    ("customer", "complaint", "TCP", 8003),  # GET /customers/{id}/complaints
    *{(s, "mongodb", "TCP", MONGO_PORT) for s in MONGO_SERVICES},  # DATABASE_URL=mongodb://…@mongodb:27017/…
    *{(s, "cluster-dns", proto, 53) for s in ("web", "mongodb", *SERVICES) for proto in ("UDP", "TCP")},
    # To any address outside the namespace on that port, until the deployment narrows it (networkpolicy.yaml).
    *{(s, ANYWHERE, "TCP", SMTP_PORT) for s in ("auth", "order", "complaint")},  # mail (Customer sends none)
}

failures = []


def check(ok, what, detail=""):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(what)
    return ok


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def matches(selector, labels):
    """A LabelSelector (matchLabels and matchExpressions) against a label set; None or {} matches all."""
    selector = selector or {}
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or []:
        k, op, values = e["key"], e["operator"], e.get("values") or []
        if op == "In" and labels.get(k) not in values:
            return False
        if op == "NotIn" and k in labels and labels[k] in values:
            return False
        if op == "Exists" and k not in labels:
            return False
        if op == "DoesNotExist" and k in labels:
            return False
    return True


# ---------------------------------------------------------------------------------------------------------------
def check_kustomization(k8s_dir, rendered):
    print("kustomization (deploy/k8s):")
    kust = yaml.safe_load((k8s_dir / "kustomization.yaml").read_text())
    listed = kust.get("resources") or []
    missing = [r for r in listed if not (k8s_dir / r).is_file()]
    check(not missing, "every resource it lists exists", ", ".join(missing))
    unlisted = sorted(p.name for p in k8s_dir.glob("*.yaml")
                      if p.name not in listed and p.name not in ("kustomization.yaml", "secret.example.yaml"))
    check(not unlisted, "every manifest is listed (secret.example.yaml left out on purpose)", ", ".join(unlisted))
    check("secret.example.yaml" not in listed, "secret.example.yaml is not applied (it would overwrite the real Secret)")
    secrets = [d["metadata"]["name"] for d in rendered if d["kind"] == "Secret"]
    check(not secrets, "the build holds no Secret (created by hand, referenced by name)", ", ".join(secrets))
    wrong_ns = [f"{d['kind']}/{d['metadata']['name']}" for d in rendered
                if d["kind"] != "Namespace" and d["metadata"].get("namespace") != NAMESPACE]
    check(not wrong_ns, f"every namespaced resource is in namespace {NAMESPACE}", ", ".join(wrong_ns))


def containers(deploy):
    spec = deploy["spec"]["template"]["spec"]
    return (spec.get("initContainers") or []) + spec["containers"]


SECRETISH = re.compile(r"(TOKEN|PASSWORD|SECRET|PRIVATE|CREDENTIAL|(^|_)KEY($|_))", re.I)


def check_secrets(k8s_dir, rendered):
    print("secrets are referenced, not inlined:")
    example = load_all(k8s_dir / "secret.example.yaml")[0]
    documented = set((example.get("stringData") or {}) | (example.get("data") or {}))
    problems, refs = [], 0
    for d in rendered:
        if d["kind"] == "ConfigMap":
            problems += [f"ConfigMap {d['metadata']['name']} key {k}" for k in d.get("data") or {} if SECRETISH.search(k)]
        if d["kind"] not in WORKLOAD_KINDS:
            continue
        name = d["metadata"]["name"]
        for c in containers(d):
            for e in c.get("env") or []:
                if "value" in e and SECRETISH.search(e["name"]) and not e["name"].endswith("_FILE"):
                    problems.append(f"{name}: {e['name']} has a literal value")
                ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    refs += 1
                    if ref["name"] != SECRET or ref["key"] not in documented:
                        problems.append(f"{name}: {e['name']} -> {ref['name']}/{ref['key']} (not in secret.example.yaml)")
            for ef in c.get("envFrom") or []:
                if "secretRef" in ef and ef["secretRef"]["name"] != SECRET:
                    problems.append(f"{name}: envFrom secret {ef['secretRef']['name']}")
        for v in d["spec"]["template"]["spec"].get("volumes") or []:
            s = v.get("secret")
            if s:
                refs += 1
                keys = [i["key"] for i in s.get("items") or []]
                if s["secretName"] != SECRET or not keys or any(k not in documented for k in keys):
                    problems.append(f"{name}: volume {v['name']} -> {s['secretName']} {keys}")
    check(not problems and refs > 0,
          f"{refs} references, all to {SECRET} keys documented in secret.example.yaml; no secret in a literal or ConfigMap",
          "; ".join(problems) or "no reference found")


def check_wiring(rendered):
    print("labels, selectors and ports:")
    deployments = {d["metadata"]["name"]: d for d in rendered if d["kind"] in WORKLOAD_KINDS}
    services = {d["metadata"]["name"]: d for d in rendered if d["kind"] == "Service"}
    for name, d in deployments.items():
        labels = d["spec"]["template"]["metadata"]["labels"]
        check(matches(d["spec"]["selector"], labels), f"{d['kind']} {name}: selector matches its pod template")
    for name, d in ((n, d) for n, d in deployments.items() if d["kind"] == "StatefulSet"):
        svc = services.get(d["spec"].get("serviceName"))
        check(svc is not None and svc["spec"].get("clusterIP") == "None",
              f"StatefulSet {name}: serviceName {d['spec'].get('serviceName')} is a headless Service")
    for name, s in services.items():
        targets = [dn for dn, d in deployments.items()
                   if matches({"matchLabels": s["spec"]["selector"]}, d["spec"]["template"]["metadata"]["labels"])]
        ok = len(targets) == 1
        if ok:
            ports = {p.get("name"): p["containerPort"] for c in containers(deployments[targets[0]]) for p in c.get("ports") or []}
            bad = [str(p["targetPort"]) for p in s["spec"]["ports"]
                   if p["targetPort"] not in ports and p["targetPort"] not in ports.values()]
            ok = not bad
        check(ok, f"Service {name}: selects one workload ({', '.join(targets)}) and its targetPort exists")
    for ing in (d for d in rendered if d["kind"] == "Ingress"):
        for rule in ing["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                b = path["backend"]["service"]
                svc = services.get(b["name"])
                ok = svc is not None and any(
                    p.get("name") == b["port"].get("name") or p["port"] == b["port"].get("number") for p in svc["spec"]["ports"])
                check(ok, f"Ingress {ing['metadata']['name']}: {rule.get('host')}{path['path']} -> Service {b['name']} port exists")


# ---------------------------------------------------------------------------------------------------------------
class Pod:
    def __init__(self, name, namespace, ns_labels, labels, ports=None, ip=None):
        self.name, self.namespace, self.ns_labels, self.labels = name, namespace, ns_labels, labels
        self.ports = ports or {}  # container port name -> (number, protocol)
        self.ip = ip


def peer_matches(peer, pod, policy_ns):
    """One NetworkPolicyPeer against a pod (or an external address)."""
    if "ipBlock" in peer:
        if pod.ip is None:
            return False
        net = ipaddress.ip_network(peer["ipBlock"]["cidr"])
        ip = ipaddress.ip_address(pod.ip)
        return ip in net and not any(ip in ipaddress.ip_network(e) for e in peer["ipBlock"].get("except") or [])
    if pod.ip is not None:  # an address outside the cluster matches only ipBlock peers
        return False
    if "namespaceSelector" in peer:
        if not matches(peer["namespaceSelector"], pod.ns_labels):
            return False
    elif pod.namespace != policy_ns:
        return False
    return matches(peer.get("podSelector"), pod.labels)


def port_matches(rule_ports, dst, proto, port):
    if not rule_ports:
        return True
    for p in rule_ports:
        if p.get("protocol", "TCP") != proto:
            continue
        want = p.get("port")
        if want is None:
            return True
        if isinstance(want, str):  # a named port of the destination pod
            named = dst.ports.get(want)
            if named and named == (port, proto):
                return True
        elif want <= port <= p.get("endPort", want):
            return True
    return False


def allowed(policies, src, dst, proto, port):
    def side(pod, direction, peer_key, other):
        selecting = [p for p in policies if p["metadata"]["namespace"] == pod.namespace
                     and pod.ip is None and matches(p["spec"]["podSelector"], pod.labels)
                     and direction in p["spec"].get("policyTypes", ["Ingress"])]
        if not selecting:
            return True  # not isolated in this direction
        for p in selecting:
            for rule in p["spec"].get(direction.lower()) or []:
                peers = rule.get(peer_key)
                if (not peers or any(peer_matches(x, other, p["metadata"]["namespace"]) for x in peers)) \
                        and port_matches(rule.get("ports"), dst, proto, port):
                    return True
        return False

    return side(src, "Egress", "to", dst) and side(dst, "Ingress", "from", src)


def check_network_policies(rendered):
    print("NetworkPolicy (the flows the policies allow = the calls the system makes):")
    policies = [d for d in rendered if d["kind"] == "NetworkPolicy"]
    namespace = next(d for d in rendered if d["kind"] == "Namespace" and d["metadata"]["name"] == NAMESPACE)
    ns_labels = {**(namespace["metadata"].get("labels") or {}), "kubernetes.io/metadata.name": NAMESPACE}
    pods = {}
    for d in rendered:
        if d["kind"] in WORKLOAD_KINDS:
            ports = {p.get("name", str(p["containerPort"])): (p["containerPort"], p.get("protocol", "TCP"))
                     for c in containers(d) for p in c.get("ports") or []}
            pods[d["metadata"]["name"]] = Pod(d["metadata"]["name"], NAMESPACE, ns_labels,
                                              d["spec"]["template"]["metadata"]["labels"], ports)
    for name, (ns, labels) in {"ingress-controller": INGRESS_CONTROLLER, "cluster-dns": CLUSTER_DNS,
                               "other-namespace-pod": OTHER_POD}.items():
        pods[name] = Pod(name, ns, {"kubernetes.io/metadata.name": ns}, labels)
    pods["external"] = Pod("external", None, {}, {}, ip=EXTERNAL)
    # A pod of the namespace that none of the workloads' policies names (a debugging pod, say).
    pods["stray-pod"] = Pod("stray-pod", NAMESPACE, ns_labels, {"app": "stray"}, {"http": (8080, "TCP")})

    check(any(p["spec"]["podSelector"] in ({}, None) and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
              and not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies),
          "a default-deny policy isolates every pod of the namespace (ingress and egress)")
    workloads = [n for n in pods if pods[n].namespace == NAMESPACE and n != "stray-pod"]
    unselected = [n for n in workloads if not any(
        matches(p["spec"]["podSelector"], pods[n].labels) and p["spec"]["podSelector"] for p in policies)]
    check(not unselected, "every workload has a policy of its own", ", ".join(unselected))

    candidate_ports = {("TCP", p) for pod in pods.values() for p, _ in pod.ports.values()} | {
        ("UDP", 53), ("TCP", 53), ("TCP", SMTP_PORT), ("TCP", MONGO_PORT), ("TCP", 25), ("TCP", 80), ("TCP", 443),
        ("TCP", 465), ("TCP", 6443), ("TCP", 8080)}
    flows = set()
    for s in pods.values():
        for d in pods.values():
            if s is d:
                continue
            for proto, port in candidate_ports:
                if allowed(policies, s, d, proto, port):
                    flows.add((s.name, d.name, proto, port))
    # Traffic between pods outside the namespace, or from outside to outside, is not this file's business.
    flows = {f for f in flows if NAMESPACE in (pods[f[0]].namespace, pods[f[1]].namespace)}
    outside = [n for n, p in pods.items() if p.namespace != NAMESPACE]
    expected = {(a, d, pr, p) for a, b, pr, p in EXPECTED_FLOWS for d in (outside if b == ANYWHERE else [b])}
    extra, missing = flows - expected, expected - flows
    def fmt(fs):
        items = [f"{a}->{b}:{p}/{pr}" for a, b, pr, p in sorted(fs)]
        return ", ".join(items[:12]) + (f" and {len(items) - 12} more" if len(items) > 12 else "")
    check(not missing, f"all {len(EXPECTED_FLOWS)} needed flows are allowed ({len(flows)} peer pairs and ports)", "blocked: " + fmt(missing))
    check(not extra, "no other flow is allowed", "also allowed: " + fmt(extra))


# ---------------------------------------------------------------------------------------------------------------
def dockerfile_instructions(path):
    """(instruction, arguments) pairs, continuation lines joined, comments dropped."""
    out, buf = [], ""
    for line in path.read_text().splitlines():
        s = line.strip()
        if not buf and (not s or s.startswith("#")):
            continue
        if buf and s.startswith("#"):
            continue
        if s.endswith("\\"):
            buf += s[:-1] + " "
            continue
        buf += s
        word, _, rest = buf.strip().partition(" ")
        out.append((word.upper(), rest.strip()))
        buf = ""
    return out


def check_dockerfile(repo, path, deploycheck):
    rel = path.relative_to(repo)
    ins = dockerfile_instructions(path)
    stages, current = [], None
    for word, args in ins:
        if word == "FROM":
            parts = args.split()
            current = {"image": parts[0], "name": parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else None,
                       "ins": []}
            stages.append(current)
        elif current is not None:
            current["ins"].append((word, args))
    names = {s["name"] for s in stages if s["name"]}
    check(len(stages) >= 2, f"{rel}: multi-stage ({len(stages)} stages)")
    unpinned = [s["image"] for s in stages if s["image"] not in names and (
        "@sha256:" not in s["image"] and (":" not in s["image"].rsplit("/", 1)[-1] or s["image"].endswith(":latest")))]
    check(not unpinned, f"{rel}: base images pinned to a tag ({', '.join(s['image'] for s in stages)})", ", ".join(unpinned))
    final = stages[-1]["ins"]
    users = [a for w, a in final if w == "USER"]
    user = users[-1] if users else "root (no USER)"
    uid = user.split(":")[0]
    check(uid.isdigit() and int(uid) != 0, f"{rel}: runs as a numeric non-root USER ({user})")
    check(any(w == "HEALTHCHECK" and not a.upper().startswith("NONE") for w, a in final), f"{rel}: has a HEALTHCHECK")
    check(any(w == "EXPOSE" for w, _ in final), f"{rel}: EXPOSEs its port")
    sources = []
    for word, args in ins:
        if word not in ("COPY", "ADD"):
            continue
        words = shlex.split(args)
        if any(w.startswith("--from=") for w in words):
            continue
        sources += [w for w in words if not w.startswith("--")][:-1]
    ignore = path.with_name(path.name + ".dockerignore")
    check(ignore.is_file(), f"{rel}: has its own {ignore.name}")
    r = subprocess.run([deploycheck, "context", str(ignore), str(repo), *sources], capture_output=True, text=True)
    check(r.returncode == 0, f"{rel}: every COPY source is in the build context ({len(sources)} sources)",
          (r.stderr or r.stdout).strip())
    return {"user": uid, "expose": [a for w, a in final if w == "EXPOSE"]}


# ---------------------------------------------------------------------------------------------------------------
def check_consistency(repo, rendered, compose, dockerfiles):
    print("consistency across nginx, Kubernetes, compose and the Dockerfiles:")
    conf = (repo / "deploy/docker/nginx.conf").read_text()
    upstreams = dict(re.findall(r"server\s+([a-z]+):(\d+);", conf))
    check({k: int(v) for k, v in upstreams.items()} == SERVICES, "nginx.conf upstreams are the services' names and ports",
          str(upstreams))
    listen = re.findall(r"^\s*listen\s+(\d+)\s*;", conf, re.M)
    check(listen == [str(WEB_PORT)], f"nginx.conf listens on {WEB_PORT} (unprivileged)", str(listen))
    check(not re.search(r"^\s*user\s", conf, re.M), "nginx.conf has no `user` directive (it runs unprivileged)")

    services = {d["metadata"]["name"]: d for d in rendered if d["kind"] == "Service"}
    deployments = {d["metadata"]["name"]: d for d in rendered if d["kind"] == "Deployment"}
    for name, port in SERVICES.items():
        svc_ports = [p["port"] for p in services[name]["spec"]["ports"]]
        c_ports = [p["containerPort"] for c in containers(deployments[name]) for p in c.get("ports") or []]
        check(svc_ports == [port] and c_ports == [port], f"k8s {name}: Service and container port {port}",
              f"service {svc_ports}, container {c_ports}")
    web_ports = [p["containerPort"] for c in containers(deployments["web"]) for p in c.get("ports") or []]
    check(web_ports == [WEB_PORT], f"k8s web: container port {WEB_PORT}", str(web_ports))
    cm = next(d for d in rendered if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "rman-config")["data"]
    urls = {k: cm.get(f"{k.upper()}_URL") for k in SERVICES}
    check(all(u == f"http://{k}:{SERVICES[k]}" for k, u in urls.items()), "ConfigMap *_URL name the Services and ports",
          str(urls))
    check(cm.get("SMTP_PORT") == str(SMTP_PORT), f"ConfigMap SMTP_PORT is {SMTP_PORT}, the port networkpolicy.yaml opens",
          str(cm.get("SMTP_PORT")))
    for name, d in deployments.items():
        sc = d["spec"]["template"]["spec"].get("securityContext") or {}
        image = "web" if name == "web" else "service"
        check(sc.get("runAsNonRoot") is True and str(sc.get("runAsUser")) == dockerfiles[image]["user"],
              f"k8s {name}: runAsNonRoot with the image's USER {dockerfiles[image]['user']}",
              f"securityContext {sc}")

    cs = compose["services"]
    check(set(SERVICES) | {"web"} <= set(cs), "compose has the four services and web")
    for name, port in SERVICES.items():
        env = cs[name].get("environment") or {}
        ok = all(env.get(f"{k.upper()}_URL") == f"http://{k}:{p}" for k, p in SERVICES.items())
        args = (cs[name].get("build") or {}).get("args") or {}
        check(ok and args.get("SERVICE") == name and args.get("PORT") == str(port),
              f"compose {name}: build args SERVICE/PORT and the *_URL settings agree")
    web_targets = [p.get("target") for p in cs["web"].get("ports") or []]
    check(web_targets == [WEB_PORT] and dockerfiles["web"]["expose"] == [str(WEB_PORT)],
          f"compose web publishes container port {WEB_PORT}, which web.Dockerfile EXPOSEs",
          f"{web_targets} / {dockerfiles['web']['expose']}")
    for name, s in cs.items():
        image = s.get("image", "")
        check(bool(image) and ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest"),
              f"compose {name}: image pinned ({image})")
        b = s.get("build")
        if b:
            df = Path(b["context"]) / b["dockerfile"]
            check(df.is_file(), f"compose {name}: builds {b['dockerfile']} (exists)")
    workloads = [d for d in rendered if d["kind"] in WORKLOAD_KINDS]
    unpinned = [f"{d['metadata']['name']}: {c['image']}" for d in workloads for c in containers(d)
                if ":" not in c["image"].rsplit("/", 1)[-1] or c["image"].endswith(":latest")]
    check(not unpinned, "k8s: every container image pinned to a tag", ", ".join(unpinned))


def env_of(container):
    """A container's env as name -> ("value", v) or ("secret", key) or ("other", None)."""
    out = {}
    for e in container.get("env") or []:
        ref = (e.get("valueFrom") or {}).get("secretKeyRef")
        out[e["name"]] = ("value", e["value"]) if "value" in e else ("secret", ref["key"]) if ref else ("other", None)
    return out


def check_mongodb(rendered, compose, example_secret):
    """Auth, Customer, Order and Complaint on MongoDB, one database and user each (docs/mongodb.md §1, §3)."""
    print("MongoDB (Auth, Customer, Order and Complaint):")
    workloads = {d["metadata"]["name"]: d for d in rendered if d["kind"] in WORKLOAD_KINDS}
    mongo = workloads.get("mongodb")
    check(mongo is not None and mongo["kind"] == "StatefulSet", "k8s: MongoDB is the StatefulSet mongodb")
    if mongo:
        spec, pod = mongo["spec"], mongo["spec"]["template"]["spec"]
        c = pod["containers"][0]
        check(re.fullmatch(r"mongo:6\.0\.\d+", c["image"]) is not None, f"k8s mongodb: image mongo:6.0.x ({c['image']})")
        check(spec.get("replicas") == 1, "k8s mongodb: one member (a standalone mongod; several need a replica set)")
        sc = pod.get("securityContext") or {}
        check(sc.get("runAsNonRoot") is True and sc.get("runAsUser") == MONGO_UID and sc.get("fsGroup") == MONGO_UID,
              f"k8s mongodb: runs as the image's mongodb user {MONGO_UID} (runAsNonRoot, fsGroup)", f"securityContext {sc}")
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts") or []}
        templates = [t["metadata"]["name"] for t in spec.get("volumeClaimTemplates") or []]
        check(mounts.get("/data/db") in templates, "k8s mongodb: /data/db on a volumeClaimTemplate",
              f"mounts {mounts}, templates {templates}")
        check(all(c.get(p) for p in ("startupProbe", "readinessProbe", "livenessProbe")),
              "k8s mongodb: startup, readiness and liveness probes")
        res = c.get("resources") or {}
        check(bool(res.get("requests")) and bool((res.get("limits") or {}).get("memory")),
              "k8s mongodb: resource requests and a memory limit")
        env = env_of(c)
        check(env.get("MONGO_INITDB_ROOT_PASSWORD", ("", None))[0] == "secret",
              "k8s mongodb: root password from the Secret (mongod runs with --auth)")
        # create-service-users.js makes one user per service from MONGO_INITDB_RMAN_URL_<SERVICE>.
        init = next((d for d in rendered if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "mongodb-init"), {})
        script = (init.get("data") or {}).get("create-service-users.js", "")
        listed = re.search(r"const services = \[([^\]]*)\]", script)
        listed = sorted(re.findall(r'"([a-z]+)"', listed.group(1))) if listed else []
        urls = {n: env.get(f"MONGO_INITDB_RMAN_URL_{n.upper()}") for n in MONGO_SERVICES}
        check(listed == sorted(MONGO_SERVICES) and all(u == ("secret", f"mongodb-url-{n}") for n, u in urls.items()),
              f"k8s mongodb: the init script creates a user for each of {', '.join(MONGO_SERVICES)} "
              "(MONGO_INITDB_RMAN_URL_<SERVICE> from rman-secrets mongodb-url-<service>)",
              f"script services {listed}, env {urls}")
    cm = next(d for d in rendered if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "rman-config")["data"]
    check(not {"DATABASE_URL", "MONGODB_URI"} & set(cm),
          "k8s: no DATABASE_URL or MONGODB_URI in rman-config (every service reads it; each needs its own database)")

    for name in MONGO_SERVICES:
        d = workloads[name]
        env = env_of(d["spec"]["template"]["spec"]["containers"][0])
        key = f"mongodb-url-{name}"
        url = str(example_secret.get(key, ""))
        check(env.get("DATABASE_URL") == ("secret", key) and re.fullmatch(rf"mongodb://[^@/]+@mongodb:{MONGO_PORT}/{name}_db", url),
              f"k8s {name}: DATABASE_URL from rman-secrets {key} (example: its own user, mongodb:{MONGO_PORT}/{name}_db)",
              f"env {env.get('DATABASE_URL')}, example {url!r}")
        vols = [v["name"] for v in d["spec"]["template"]["spec"].get("volumes") or [] if "persistentVolumeClaim" in v]
        check(d["spec"].get("replicas", 1) >= 2 and not vols and (d["spec"].get("strategy") or {}).get("type") != "Recreate",
              f"k8s {name}: several replicas, no PersistentVolumeClaim, rolling updates")
    # Auth's replicas must sign with one key (the JWKS) and derive one refresh grace key from it: the key comes from
    # the Secret, never generated into a pod's DATA_DIR.
    pod = workloads["auth"]["spec"]["template"]["spec"]
    c = pod["containers"][0]
    kind, key_file = env_of(c).get("JWT_PRIVATE_KEY_FILE", ("", None))
    secret_vols = {v["name"]: v["secret"] for v in pod.get("volumes") or [] if "secret" in v}
    files = {f"{m['mountPath'].rstrip('/')}/{i.get('path', i['key'])}": i["key"]
             for m in c.get("volumeMounts") or [] if m["name"] in secret_vols
             for i in secret_vols[m["name"]].get("items") or []}
    check(kind == "value" and files.get(key_file) == "jwt-private.pem",
          "k8s auth: JWT_PRIVATE_KEY_FILE is rman-secrets jwt-private.pem, mounted (one signing key for every replica)",
          f"JWT_PRIVATE_KEY_FILE {key_file!r}, secret files {files}")

    cs = compose["services"]
    m = cs.get("mongodb") or {}
    check(re.fullmatch(r"mongo:6\.0\.\d+", m.get("image", "")) is not None, f"compose mongodb: image mongo:6.0.x ({m.get('image')})")
    check(not m.get("ports"), "compose mongodb: no published port")
    test = " ".join((m.get("healthcheck") or {}).get("test") or [])
    check("mongosh" in test and "ping" in test, "compose mongodb: healthcheck pings with mongosh", test)
    check(any(v.get("type") == "volume" and v.get("target") == "/data/db" for v in m.get("volumes") or []),
          "compose mongodb: /data/db on a named volume")
    for name in MONGO_SERVICES:
        s = cs[name]
        env = s.get("environment") or {}
        dep = (s.get("depends_on") or {}).get("mongodb") or {}
        shared = set(s.get("networks") or {}) & set(m.get("networks") or {})
        check(env.get("DATABASE_URL") == f"mongodb://mongodb:{MONGO_PORT}/{name}_db" and "MONGODB_URI" not in env
              and dep.get("condition") == "service_healthy" and bool(shared),
              f"compose {name}: DATABASE_URL=mongodb://mongodb:{MONGO_PORT}/{name}_db, after mongodb is healthy, on its network",
              f"{env.get('DATABASE_URL')}, depends_on {dep}, networks {sorted(s.get('networks') or {})}")
    # Without JWT_PRIVATE_KEY_FILE, Auth generates its signing and refresh grace keys into DATA_DIR: a named volume
    # keeps them when the container is re-created.
    a = cs["auth"]
    env = a.get("environment") or {}
    check("JWT_PRIVATE_KEY_FILE" in env
          or any(v.get("type") == "volume" and v.get("target") == "/var/lib/rman" for v in a.get("volumes") or []),
          "compose auth: JWT_PRIVATE_KEY_FILE, or DATA_DIR (/var/lib/rman) on a named volume for the generated key",
          f"volumes {a.get('volumes')}")
    others = sorted(n for n, s in cs.items() if n not in MONGO_SERVICES and n != "mongodb"
                    and set(s.get("networks") or {}) & set(m.get("networks") or {}))
    check(not others, "compose: only Auth, Customer, Order and Complaint share a network with mongodb", ", ".join(others))


def main():
    repo, rendered_file, compose_file, deploycheck = Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3], sys.argv[4]
    rendered = load_all(rendered_file)
    compose = yaml.safe_load(Path(compose_file).read_text())
    check_kustomization(repo / "deploy/k8s", rendered)
    check_secrets(repo / "deploy/k8s", rendered)
    check_wiring(rendered)
    check_network_policies(rendered)
    print("Dockerfiles (explicit checks):")
    dockerfiles = {name: check_dockerfile(repo, repo / f"deploy/docker/{name}.Dockerfile", deploycheck)
                   for name in ("service", "web")}
    check_consistency(repo, rendered, compose, dockerfiles)
    example = load_all(repo / "deploy/k8s/secret.example.yaml")[0]
    check_mongodb(rendered, compose, (example.get("stringData") or {}) | (example.get("data") or {}))
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
