package etcdtest_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/lint"
	"github.com/etcdlint/etcdlint/lint/fact"
	"github.com/etcdlint/etcdlint/rules"
)

var httpClient = &http.Client{Timeout: 10 * time.Second}

func call(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(b)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func skipShort(t *testing.T) {
	if testing.Short() {
		t.Skip("boots real etcd")
	}
}

// TestEndpoints35 checks the endpoint facts the endpoint rules state
// (etcd-endpoints.md) on real 3.5.
func TestEndpoints35(t *testing.T) {
	skipShort(t)
	t.Parallel()
	bin := etcdtest.Binary(t, "3.5")
	m := etcdtest.Start(t, bin, etcdtest.Flags())
	want := []struct {
		method, path, body string
		status             int
		row                string
	}{
		{"POST", "/v3/kv/put", fmt.Sprintf(`{"key":%q,"value":%q}`, b64("k"), b64("v")), 200, "POST /v3/kv/put"},
		{"POST", "/v3beta/kv/range", fmt.Sprintf(`{"key":%q}`, b64("k")), 200, "POST /v3beta/kv/range"},
		{"GET", "/config/local/log", "", 404, "GET /config/local/log"},
		{"PUT", "/config/local/log", `{"Level":"DEBUG"}`, 404, "PUT /config/local/log"},
		{"GET", "/v2/keys/foo", "", 404, "GET/PUT /v2/keys/… (without --enable-v2)"},
		{"POST", "/v3alpha/kv/range", "{}", 404, "POST /v3alpha/kv/range"},
	}
	for _, w := range want {
		if got, body := call(t, w.method, m.ClientURL+w.path, w.body); got != w.status {
			t.Errorf("etcd-endpoints.md row %q says %d on 3.5.33, real %s answers %s %s with %d: %.200s", w.row, w.status, bin, w.method, w.path, got, body)
		}
	}
	// /v3beta is rewritten to /v3: the value written above comes back.
	if _, body := call(t, "POST", m.ClientURL+"/v3beta/kv/range", fmt.Sprintf(`{"key":%q}`, b64("k"))); !strings.Contains(body, b64("v")) {
		t.Errorf("etcd-endpoints.md row \"POST /v3beta/kv/range\": /v3beta/kv/range did not read the /v3 key: %.200s", body)
	}
}

// TestEnableV2Endpoints35: /v2/keys answers only with --enable-v2 on 3.5,
// and the flag warns that it is deprecated.
func TestEnableV2Endpoints35(t *testing.T) {
	skipShort(t)
	t.Parallel()
	bin := etcdtest.Binary(t, "3.5")
	m := etcdtest.Start(t, bin, etcdtest.Flags("--enable-v2=true"))
	got, body := call(t, "PUT", m.ClientURL+"/v2/keys/foo?value=bar", "")
	if got != 201 && got != 200 {
		t.Errorf("etcd-endpoints.md row \"GET/PUT /v2/keys/…\" says 200–201 with --enable-v2 on 3.5, got %d: %.200s", got, body)
	}
	if code, _ := call(t, "GET", m.ClientURL+"/livez", ""); code != 404 {
		t.Errorf("etcd-endpoints.md row \"GET /livez, /readyz\" says 404 with --enable-v2, got %d", code)
	}
}

// TestV3betaEndpoint36: /v3beta still works on 3.6, against the docs.
func TestV3betaEndpoint36(t *testing.T) {
	skipShort(t)
	t.Parallel()
	bin := etcdtest.Binary(t, "3.6")
	m := etcdtest.Start(t, bin, etcdtest.Flags())
	for _, path := range []string{"/v3/kv/put", "/v3beta/kv/range"} {
		if got, body := call(t, "POST", m.ClientURL+path, fmt.Sprintf(`{"key":%q,"value":%q}`, b64("k"), b64("v"))); got != 200 {
			t.Errorf("etcd-endpoints.md row \"POST %s\" says 200 on 3.6.14, got %d: %.200s", path, got, body)
		}
	}
	if code, _ := call(t, "GET", m.ClientURL+"/config/local/log", ""); code != 404 {
		t.Errorf("etcd-endpoints.md row \"GET /config/local/log\" says 404 on 3.6.14, got %d", code)
	}
}

// TestMetrics35 runs a small workload through the gRPC gateway and checks
// the 3.4 → 3.5 rows of etcd-metrics-diff.tsv against /metrics of real 3.5.
func TestMetrics35(t *testing.T) { checkMetrics(t, "3.4", "3.5") }

// TestMetrics36 does the same for the 3.5 → 3.6 rows on real 3.6.
func TestMetrics36(t *testing.T) { checkMetrics(t, "3.5", "3.6") }

// TestMetrics37 does the same for the 3.6 → 3.7 rows on real 3.7.
func TestMetrics37(t *testing.T) { checkMetrics(t, "3.6", "3.7") }

// checkMetrics boots the target etcd, runs put, delete, txn and range
// over the gRPC gateway, and checks the hop's rows of etcd-metrics-diff.tsv
// and the metrics the golden fixed outputs for the hop query against the
// scraped /metrics.
func checkMetrics(t *testing.T, from, to string) {
	skipShort(t)
	t.Parallel()
	exposed := workloadScrape(t, etcdtest.Binary(t, to))
	renames := false
	for _, row := range metricsDiff(t, from, to) {
		renames = renames || row.change == "renamed"
		what := fmt.Sprintf("etcd-metrics-diff.tsv row %s→%s %s %s %s", from, to, row.change, row.metric, row.replacement)
		switch row.change {
		case "renamed":
			if exposed[row.metric] {
				t.Errorf("%s: real %s still exposes %s", what, to, row.metric)
			}
			if !exposed[row.replacement] {
				t.Errorf("%s: real %s does not expose %s after put/range/delete/txn", what, to, row.replacement)
			}
		case "removed":
			if exposed[row.metric] {
				t.Errorf("%s: real %s still exposes %s", what, to, row.metric)
			}
		case "added":
			if !exposed[row.metric] && !strings.Contains(row.note, "lazy") {
				t.Logf("%s: not exposed after this workload", what)
			}
		}
	}
	// Every metric the golden fixed rules and dashboards for this hop
	// query: exposed, unless etcdlint still reports it as gone.
	eng, err := lint.New(lint.Options{Upgrade: rules.Upgrade{From: from, To: to}})
	if err != nil {
		t.Fatal(err)
	}
	status := metricStatus(t, to)
	checked, gone := 0, 0
	for _, c := range goldenCases(t) {
		if c.up.To != to {
			continue
		}
		for rel, src := range files(t, filepath.Join(casesDir, c.name, "fixed")) {
			doc := lint.Document{Path: rel, Src: src}
			facts, _ := eng.Facts(doc)
			if facts == nil {
				continue
			}
			f, _ := eng.Lint(doc)
			for _, ref := range facts.Metrics {
				if ref.Use == fact.NameRegex || ref.Use == fact.RecordedName || !strings.HasPrefix(ref.Name, "etcd_") && !strings.HasPrefix(ref.Name, "go_") {
					continue
				}
				checked++
				if fd := reportedGone(f, ref); fd != nil {
					gone++
					if exposed[ref.Name] {
						t.Errorf("%s/fixed/%s: etcdlint still reports %q [%s], but real %s exposes %s", c.name, rel, fd.Message, fd.Rule, to, ref.Name)
					}
					continue
				}
				if exposed[ref.Name] {
					continue
				}
				switch st := status[ref.Name]; st {
				case "lazy", "exposed-cluster", "exposed-extensive":
					// needs events, peers or --metrics=extensive
				default:
					t.Errorf("%s/fixed/%s queries %s, which real %s does not expose (etcd-metrics.tsv v%s: %q)", c.name, rel, ref.Name, to, to, st)
				}
			}
		}
	}
	if checked == 0 && renames {
		t.Errorf("no metric found in the golden fixed outputs for %s", to)
	}
	t.Logf("%d metric references in the fixed outputs for %s checked, %d still reported gone", checked, to, gone)
	// A look-alike that the rules must leave alone really exists.
	if !exposed["etcd_debugging_mvcc_current_revision"] {
		t.Errorf("etcd_debugging_mvcc_current_revision is missing from real %s: the look-alike tests of the metric rules assume it exists", to)
	}
}

// workloadScrape boots bin, runs put, delete, txn and range over the gRPC
// gateway and returns the metric families /metrics then exposes.
func workloadScrape(t *testing.T, bin string) map[string]bool {
	t.Helper()
	m := etcdtest.Start(t, bin, etcdtest.Flags())
	for _, req := range [][2]string{
		{"/v3/kv/put", fmt.Sprintf(`{"key":%q,"value":%q}`, b64("a"), b64("1"))},
		{"/v3/kv/put", fmt.Sprintf(`{"key":%q,"value":%q}`, b64("b"), b64("2"))},
		{"/v3/kv/range", fmt.Sprintf(`{"key":%q}`, b64("a"))},
		{"/v3/kv/deleterange", fmt.Sprintf(`{"key":%q}`, b64("b"))},
		{"/v3/kv/txn", fmt.Sprintf(`{"compare":[{"key":%q,"target":"VERSION","result":"GREATER","version":"0"}],"success":[{"request_put":{"key":%q,"value":%q}}]}`, b64("a"), b64("c"), b64("3"))},
	} {
		if code, body := call(t, "POST", m.ClientURL+req[0], req[1]); code != 200 {
			t.Fatalf("POST %s: %d %.200s", req[0], code, body)
		}
	}
	return scrape(t, m.MetricsURL+"/metrics")
}

// reportedGone is the finding at warning or above on ref, if any.
func reportedGone(f *lint.File, ref *fact.MetricRef) *lint.Finding {
	if f == nil {
		return nil
	}
	for i, fd := range f.Findings {
		if fd.Severity >= rules.Warning && (fd.Span.Contains(ref.Span) || ref.Span.Contains(fd.Span)) {
			return &f.Findings[i]
		}
	}
	return nil
}

var sampleName = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)`)

// scrape returns the metric family names on a Prometheus text page,
// counting the _bucket/_sum/_count series of histograms under their family.
func scrape(t *testing.T, url string) map[string]bool {
	t.Helper()
	code, body := call(t, "GET", url, "")
	if code != 200 {
		t.Fatalf("GET %s: %d", url, code)
	}
	names := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			names[strings.Fields(rest)[0]] = true
			continue
		}
		if m := sampleName.FindString(line); m != "" {
			names[m] = true
		}
	}
	return names
}

type diffRow struct{ change, metric, replacement, note string }

// metricsDiff reads the rows of the hop from the rule data.
func metricsDiff(t *testing.T, from, to string) []diffRow {
	t.Helper()
	b, err := os.ReadFile("../../rules/data/etcd-metrics-diff.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var rows []diffRow
	for i, line := range bytes.Split(b, []byte("\n")) {
		f := strings.Split(string(line), "\t")
		if i == 0 || len(f) < 6 || f[0] != from || f[1] != to {
			continue
		}
		rows = append(rows, diffRow{change: f[2], metric: f[3], replacement: f[4], note: f[5]})
	}
	if len(rows) == 0 {
		t.Fatalf("etcd-metrics-diff.tsv has no %s → %s rows", from, to)
	}
	return rows
}

// metricStatus reads the status column of version v of etcd-metrics.tsv.
func metricStatus(t *testing.T, v string) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../../rules/data/etcd-metrics.tsv")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var col int
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 {
			col = slices.Index(f, "v"+v)
			if col < 0 {
				t.Fatalf("etcd-metrics.tsv has no v%s column", v)
			}
			continue
		}
		if len(f) > col {
			out[f[0]] = f[col]
		}
	}
	return out
}
