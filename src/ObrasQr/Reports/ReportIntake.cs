using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Accountability;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Storage;
using ObrasQr.Withdrawals;
using static ObrasQr.Reports.ReportOutcome;

namespace ObrasQr.Reports;

/// <summary>A citizen files a report: the work must receive it, the fields and photos must be right, a retry with the
/// same key files it once; both hosts, the API and the page's form pass here.</summary>
public sealed class ReportIntake(IReportStore reports, IContractStore contracts, IWithdrawalStore withdrawals, WorksCatalog catalog,
    IFileStore files, IdentityProtector identities, TimeProvider clock, IOptions<ObrasQrOptions> options)
{
    /// <summary>
    /// The work a report about <paramref name="contractId"/> is filed against, or why none is received (no such work:
    /// <see cref="Refused"/>; withdrawn by its entity: <see cref="Withdrawn"/>). The API and the page's form both pass here.
    /// A work in the catalog this instance keeps is published and not withdrawn: received without a store read (the
    /// report's budget, docs/azure-tables.md). The catalog is at most <see cref="WorksCatalog.Freshness"/> old and forgets
    /// at once what this instance withdraws; a work withdrawn on another instance in the last seconds may still receive
    /// a report here, which its auditors see like any other. Anything else is asked of the store.
    /// </summary>
    public async Task<(Contract? Work, ReportOutcome? Refusal)> ReceivingAsync(string contractId, CancellationToken ct)
    {
        if (catalog.TryGetFresh(out var snapshot) && snapshot.Find(contractId) is { } listed) return (listed.Contract, null);
        var contract = await contracts.FindAsync(contractId, ct);
        if (contract is null || !contract.Contract.IsWork)
            return (null, new Refused("contractId", "No existe una obra publicada con ese número de contrato.", StatusCodes.Status404NotFound));
        if (await withdrawals.FindAsync(contract.ContractId, ct) is not { } withdrawal) return (contract.Contract, null);
        var office = options.Value.Trust;
        return (null, new Withdrawn(contract.Contract, withdrawal, office, new FieldProblem("contractId",
            $"La entidad retiró esta obra de la publicación el {withdrawal.Day} y no recibe reportes sobre ella aquí. Motivo: {withdrawal.Reason} " +
            $"Envíe su reporte a {office.OfficeName} ({office.Email}).", StatusCodes.Status409Conflict)));
    }

    /// <summary>
    /// Checks, in this order and each once: the work (<see cref="ReceivingAsync"/>), the fields, then each photo (its header, then its pixels,
    /// decoded once and re-encoded without metadata); then stores. <paramref name="client"/> is who sends it
    /// (<see cref="ClientAddresses.Pseudonym"/>): an idempotency key is that client's, so the same key from anyone else
    /// files a report of its own and never learns the first one's code.
    /// </summary>
    public async Task<ReportOutcome> SubmitAsync(string contractId, ReportSubmission submission, IReadOnlyList<byte[]> photos,
        string? idempotencyKey, string client, CancellationToken ct)
    {
        var (contract, refusal) = await ReceivingAsync(contractId, ct);
        if (contract is null) return refusal!;
        if (submission.Problem() is { } problem)
            return new Refused(problem);
        var (cleaned, photoProblem, refusedPhoto) = PhotoBatch.Clean(photos);
        if (photoProblem is not null) return new Refused(photoProblem, refusedPhoto);

        var now = clock.GetUtcNow();
        var code = TrackingCode.New();
        var keyDigest = KeyDigest(client, idempotencyKey);
        var reportId = keyDigest is null ? Guid.CreateVersion7(now).ToString("N") : ReportIdOf(keyDigest);
        // Every attempt with one key has the same report id, so each names its photos apart: the attempt whose report
        // is not the stored one deletes its own copies, never the stored report's.
        var attempt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        // Photos first: a committed report only ever references files that exist.
        var paths = new List<string>();
        try
        {
            foreach (var (bytes, format) in cleaned!)
            {
                var path = $"photos/{reportId}/{paths.Count + 1}-{attempt}.{format}";
                await files.SaveAsync(path, new MemoryStream(bytes), ct);
                paths.Add(path);
            }
            var report = new Report
            {
                ReportId = reportId,
                ContractId = contract.ContractId,
                EntityNit = contract.EntityNit,
                Category = submission.Category!,
                Description = submission.Description!.Trim(),
                Anonymous = submission.Anonymous,
                Location = submission.Location,
                Photos = paths,
                ReceivedAt = now,
                Deadline = ReportLaw.DeadlineOf(submission.Category!, now),
                TrackingCodeHash = TrackingCode.Hash(code),
                IdempotencyKey = keyDigest,
                RequestHash = idempotencyKey is null ? null : Fingerprint(contract.ContractId, submission, photos),
            };
            var identity = submission.Anonymous || submission.Reporter is null
                ? null
                : identities.Seal(new ReporterIdentity(report.ReportId, submission.Reporter.Name?.Trim(), submission.Reporter.Email?.Trim(),
                    submission.Reporter.Phone?.Trim(), now, ReportLaw.ConsentText(options.Value.Trust), Mail.CitizenNotices.AddressOf(submission.Reporter)));

            var stored = await reports.AddAsync(report, identity, ct);
            // Attempts with one key share the report id: the stored report is this attempt's when it has its code.
            if (stored.TrackingCodeHash == report.TrackingCodeHash) return new Submitted(stored, code);

            await DeleteAsync(paths); // the retry's copies: the stored report keeps its own photos
            // A key is only a retry of the same request: same contract, same content, same photos. Anyone else who
            // sends the key (guessed, seen, reused by a buggy client) gets no code for someone else's report. The
            // store has registered this attempt's code hash on that report, but the code is never shown: inert.
            if (stored.ContractId != report.ContractId || (stored.RequestHash is not null && stored.RequestHash != report.RequestHash))
                return new Refused("Idempotency-Key", "Esa clave de idempotencia ya se usó con otro contenido; use una clave nueva para otro reporte.",
                    StatusCodes.Status422UnprocessableEntity);
            return new Submitted(stored, code, Replayed: true);
        }
        catch
        {
            await DeleteAsync(paths);
            throw;
        }
    }

    /// <summary>Longest Idempotency-Key accepted (refused with 400 beyond, never cut: cut keys would collide).</summary>
    public const int MaxKeyLength = 200;

    /// <summary>What is stored of a key: its SHA-256, whole, so no two keys collide and the key itself is not kept.</summary>
    static string? KeyDigest(string client, string? key) =>
        string.IsNullOrWhiteSpace(key) ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{client}\n{key.Trim()}")));

    /// <summary>
    /// The report id of a request with an idempotency key: from the key's digest, so every attempt with the key (a
    /// retry, and a first attempt whose save lands late) names the same report and the store keeps one. 32 hex digits,
    /// like the ids of reports without a key; the key cannot be recovered from it.
    /// </summary>
    public static string ReportIdOf(string keyDigest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("report-id\n" + keyDigest)).AsSpan(0, 16));

    /// <summary>How long the same form sent again from the same client is taken as the same report.</summary>
    public static readonly TimeSpan SameContentWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The idempotency key of a form sent from a work's page, which carries no token so that a CDN can keep it: the
    /// request's content (contract, every field, each photo's bytes) within the current <see cref="SameContentWindow"/>,
    /// scoped like any key to the client that sends it. A double tap, or a retry after a lost answer, files one report;
    /// different content, or the same sent again in a later window, files another.
    /// </summary>
    public static string SameContentKey(string contractId, ReportSubmission submission, IReadOnlyList<byte[]> photos, DateTimeOffset now) =>
        $"contenido:{now.ToUnixTimeSeconds() / (long)SameContentWindow.TotalSeconds}:{Fingerprint(contractId, submission, photos)}";

    /// <summary>SHA-256 of the request a key stands for: the contract, every field as received and each photo's bytes.</summary>
    static string Fingerprint(string contractId, ReportSubmission submission, IReadOnlyList<byte[]> photos)
    {
        var what = JsonSerializer.SerializeToUtf8Bytes(new
        {
            contractId,
            submission.Category,
            Description = submission.Description?.Trim(),
            submission.Anonymous,
            submission.Location,
            Reporter = submission.Anonymous ? null : submission.Reporter,
            Photos = photos.Select(p => Convert.ToHexStringLower(SHA256.HashData(p))),
        });
        return Convert.ToHexStringLower(SHA256.HashData(what));
    }

    async Task DeleteAsync(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            try { await files.DeleteAsync(path, CancellationToken.None); }
            catch (IOException) { } // an orphan file is harmless; a lost report is not
        }
    }
}
