// Load-and-fault client for report submissions (bench/reports-fault/run.sh drives it).
//   submit <baseUrl> <total> <clients> <progressFile> <resultsFile>
//       sends <total> JSON reports from <clients> concurrent clients, each with its own Idempotency-Key, retrying
//       on connection errors, timeouts and 5xx with the same key until a 201 (or a 2-minute budget runs out).
//   verify <baseUrl> <resultsFile>   (auditor key in OBRASQR_BENCH_AUDITOR_KEY)
//       lists every report through the auditors' API and checks that each submission answered 201 is stored
//       exactly once, that no submission is stored twice, and that every tracking code handed out finds its report.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

const string ContractId = "CO1.PCCNTR.5361557";
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

return args switch
{
    ["submit", var baseUrl, var total, var clients, var progress, var results] =>
        await Submit(new Uri(baseUrl), int.Parse(total), int.Parse(clients), progress, results),
    ["verify", var baseUrl, var results] => await Verify(new Uri(baseUrl), results),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: submit <baseUrl> <total> <clients> <progressFile> <resultsFile> | verify <baseUrl> <resultsFile>");
    return 2;
}

async Task<int> Submit(Uri baseUrl, int total, int clients, string progressFile, string resultsFile)
{
    var run = Guid.NewGuid().ToString("N")[..8];
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, ConnectTimeout = TimeSpan.FromSeconds(2) })
    { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(15) };
    var outcomes = new ConcurrentBag<Outcome>();
    var next = -1;
    var done = 0;
    var errors = new ConcurrentDictionary<string, int>();
    var watch = Stopwatch.StartNew();
    // Written to a temporary file and renamed, so the driver never reads half a number.
    var progressLock = new object();
    void Report(int count)
    {
        lock (progressLock) // the ticker and the last report may overlap
        {
            File.WriteAllText(progressFile + ".tmp", count.ToString());
            File.Move(progressFile + ".tmp", progressFile, overwrite: true);
        }
    }
    using var ticker = new Timer(_ => Report(Volatile.Read(ref done)), null, 0, 50);

    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < total)
        {
            var key = Guid.NewGuid().ToString();
            var description = $"Carga {run} n.{i:D5}: la obra no avanza y el cerramiento está caído.";
            var outcome = await SendWithRetries(http, key, description, i, errors);
            outcomes.Add(outcome);
            Interlocked.Increment(ref done);
        }
    }));
    watch.Stop();
    ticker.Dispose();
    Report(done);

    await File.WriteAllLinesAsync(resultsFile, outcomes.OrderBy(o => o.Index).Select(o => JsonSerializer.Serialize(o, json)));
    var created = outcomes.Count(o => o.Status == 201);
    var retried = outcomes.Count(o => o.Attempts > 1);
    var replayed = outcomes.Count(o => o.Replayed);
    Console.WriteLine($"run {run}: {total} submissions, {clients} clients, {watch.Elapsed.TotalSeconds:0.0} s, " +
        $"{created / watch.Elapsed.TotalSeconds:0.0} accepted/s (wall time, restart included)");
    Console.WriteLine($"answered 201: {created}; failed: {total - created}; needed a retry: {retried}; " +
        $"retries answered as already stored (Idempotent-Replayed): {replayed}; max attempts: {outcomes.Max(o => o.Attempts)}");
    Console.WriteLine("errors seen before a retry: " + (errors.IsEmpty ? "none" : string.Join(", ", errors.OrderBy(e => e.Key).Select(e => $"{e.Key} x{e.Value}"))));
    var latencies = outcomes.Where(o => o.Attempts == 1 && o.Status == 201).Select(o => o.Milliseconds).Order().ToArray();
    if (latencies.Length > 0)
        Console.WriteLine($"first-try latency ms: p50 {latencies[latencies.Length / 2]:0}, p95 {latencies[(int)(latencies.Length * 0.95)]:0}, p99 {latencies[(int)(latencies.Length * 0.99)]:0}");
    return created == total ? 0 : 1;
}

async Task<Outcome> SendWithRetries(HttpClient http, string key, string description, int index, ConcurrentDictionary<string, int> errors)
{
    var budget = Stopwatch.StartNew();
    var delay = TimeSpan.FromMilliseconds(100);
    for (var attempt = 1; ; attempt++)
    {
        var sent = Stopwatch.StartNew();
        string error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports")
            { Content = JsonContent.Create(new { category = "obra_paralizada", description, anonymous = true, location = new { text = "Calle 30" } }) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return new Outcome(index, key, description, 201, attempt, response.Headers.Contains("Idempotent-Replayed"),
                    body.GetProperty("trackingCode").GetString(), sent.Elapsed.TotalMilliseconds);
            }
            if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                return new Outcome(index, key, description, (int)response.StatusCode, attempt, false, null, sent.Elapsed.TotalMilliseconds);
            error = $"HTTP {(int)response.StatusCode}";
            if (response.Headers.RetryAfter?.Delta is { } wait) delay = wait;
        }
        catch (HttpRequestException e) { error = e.HttpRequestError.ToString(); }
        catch (TaskCanceledException) { error = "Timeout"; }
        catch (IOException) { error = "IOException"; }
        errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        if (budget.Elapsed > TimeSpan.FromMinutes(2))
            return new Outcome(index, key, description, 0, attempt, false, null, sent.Elapsed.TotalMilliseconds);
        await Task.Delay(delay);
        delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
    }
}

async Task<int> Verify(Uri baseUrl, string resultsFile)
{
    var outcomes = File.ReadAllLines(resultsFile).Select(l => JsonSerializer.Deserialize<Outcome>(l, json)!).ToList();
    var run = Regex.Match(outcomes[0].Description, @"^Carga (\w+) ").Groups[1].Value;
    using var http = new HttpClient { BaseAddress = baseUrl };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
        Environment.GetEnvironmentVariable("OBRASQR_BENCH_AUDITOR_KEY") ?? throw new InvalidOperationException("OBRASQR_BENCH_AUDITOR_KEY is not set"));

    var stored = new List<string>();
    string? after = null;
    do
    {
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/reports?contractId={ContractId}&limit=200{(after is null ? "" : "&after=" + after)}");
        stored.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("description").GetString()!).Where(d => d.StartsWith($"Carga {run} ")));
        after = page.GetProperty("next").GetString();
    } while (after is not null);

    var counts = stored.GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
    var accepted = outcomes.Where(o => o.Status == 201).ToList();
    var lost = accepted.Count(o => !counts.ContainsKey(o.Description));
    var duplicated = counts.Count(c => c.Value > 1);
    var storedWithoutAnswer = counts.Keys.Except(accepted.Select(o => o.Description)).Count();

    var codesNotFound = 0;
    using var citizen = new HttpClient { BaseAddress = baseUrl };
    await Parallel.ForEachAsync(accepted, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (o, ct) =>
    {
        using var r = await citizen.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = o.TrackingCode }, ct);
        if (r.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref codesNotFound);
    });

    Console.WriteLine($"verify run {run}: answered 201 {accepted.Count}; stored {stored.Count} ({counts.Count} distinct); " +
        $"lost {lost}; duplicated {duplicated}; stored but never answered 201 {storedWithoutAnswer}; tracking codes not found {codesNotFound}");
    var ok = lost == 0 && duplicated == 0 && codesNotFound == 0 && accepted.Count == outcomes.Count && stored.Count == accepted.Count;
    Console.WriteLine(ok ? "PASS: nothing lost, nothing duplicated" : "FAIL");
    return ok ? 0 : 1;
}

sealed record Outcome(int Index, string Key, string Description, int Status, int Attempts, bool Replayed, string? TrackingCode, double Milliseconds);
