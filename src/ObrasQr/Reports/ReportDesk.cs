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

namespace ObrasQr.Reports;

/// <summary>Receives reports and moves them through their states; the rules both hosts share.</summary>
public sealed class ReportDesk(IReportStore reports, IContractStore contracts, IWithdrawalStore withdrawals, WorksCatalog catalog,
    IFileStore files, IdentityProtector identities, TimeProvider clock, IOptions<ObrasQrOptions> options)
{
    public abstract record Outcome;
    /// <summary>
    /// Stored durably. <paramref name="TrackingCode"/> is only known now; <paramref name="Replayed"/> when an
    /// idempotent retry found the report already stored (the retry gets a new code that also finds it).
    /// </summary>
    public sealed record Submitted(Report Report, string? TrackingCode, bool Replayed = false) : Outcome;
    /// <summary>A status change kept in the report's history.</summary>
    public sealed record Changed(Report Report) : Outcome;
    /// <summary>Not stored, and why; <paramref name="Photo"/> is the position of the photo the refusal is about.</summary>
    public sealed record Refused(FieldProblem Problem, int? Photo = null) : Outcome
    {
        public Refused(string field, string reason, int status = StatusCodes.Status400BadRequest) : this(new FieldProblem(field, reason, status)) { }
    }
    /// <summary>Not stored: the entity withdrew the work from publication, so its office receives reports about it
    /// (<paramref name="Office"/>); <paramref name="Problem"/> says so, with when and why, for the API.</summary>
    public sealed record Withdrawn(Contract Work, Withdrawal Withdrawal, TrustOptions Office, FieldProblem Problem) : Outcome;

    /// <summary>
    /// The authorisation an identified reporter gives, kept with their data as proof (Decreto 1377 de 2013 art. 7):
    /// names the party responsible, the purpose, the rights and where to exercise them (Ley 1581 de 2012 art. 12).
    /// </summary>
    public static string ConsentText(TrustOptions trust) =>
        $"Autorizo a {trust.EntityName}, responsable del tratamiento, a usar mis datos personales (nombre, correo, teléfono) " +
        "solo para dar trámite y respuesta a este reporte y contactarme sobre él, conforme a la Ley 1581 de 2012 y el Decreto 1377 de 2013. " +
        $"Solo los verán los auditores encargados. Puedo conocer, actualizar, rectificar o suprimir mis datos y revocar esta autorización escribiendo a {trust.Email}.";

    /// <summary>Every category is a complaint (queja/denuncia): the general term of Ley 1755 art. 14 applies.</summary>
    public static PetitionKind KindOf(string category) => PetitionKind.General;

    /// <summary>Ley 1755 art. 21: a non-competent authority forwards the petition within 5 business days.</summary>
    public const int ForwardingBusinessDays = 5;

    /// <summary>
    /// The work a report about <paramref name="contractId"/> is filed against, or why none is received (no such work:
    /// <see cref="Refused"/>; withdrawn by its entity: <see cref="Withdrawn"/>). The API and the page's form both pass here.
    /// A work in the catalog this instance keeps is published and not withdrawn: received without a store read (the
    /// report's budget, docs/azure-tables.md). The catalog is at most <see cref="WorksCatalog.Freshness"/> old and forgets
    /// at once what this instance withdraws; a work withdrawn on another instance in the last seconds may still receive
    /// a report here, which its auditors see like any other. Anything else is asked of the store.
    /// </summary>
    public async Task<(Contract? Work, Outcome? Refusal)> ReceivingAsync(string contractId, CancellationToken ct)
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
    /// decoded once and re-encoded without metadata); then stores. <paramref name="client"/> is who sends it (the
    /// submission limiter's pseudonym of the address): an idempotency key is that client's, so the same key from
    /// anyone else files a report of its own and never learns the first one's code.
    /// </summary>
    public async Task<Outcome> SubmitAsync(string contractId, ReportSubmission submission, IReadOnlyList<byte[]> photos,
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
                Deadline = DeadlineOf(submission.Category!, now),
                TrackingCodeHash = TrackingCode.Hash(code),
                IdempotencyKey = keyDigest,
                RequestHash = idempotencyKey is null ? null : Fingerprint(contract.ContractId, submission, photos),
            };
            var identity = submission.Anonymous || submission.Reporter is null
                ? null
                : identities.Seal(new ReporterIdentity(report.ReportId, submission.Reporter.Name?.Trim(), submission.Reporter.Email?.Trim(),
                    submission.Reporter.Phone?.Trim(), now, ConsentText(options.Value.Trust), Mail.CitizenNotices.AddressOf(submission.Reporter)));

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

    /// <summary>An auditor moves a report on, with a required note; the change is kept in its history.</summary>
    /// <remarks>A report outside the caller's entity scope is answered as one that does not exist.</remarks>
    public async Task<Outcome> ChangeStatusAsync(string reportId, StatusChangeRequest change, Auth.Caller by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !by.Sees(report.EntityNit)) return new Refused("reportId", $"No hay un reporte con el identificador '{reportId}'.", StatusCodes.Status404NotFound);
            if (report.ChangeStatus(change.Status, change.Note, change.PublicAnswer, by.Name, clock.GetUtcNow(), change.ForwardedTo) is not { } next)
            {
                var (field, reason) = ReportStatus.WhyNot(report.Status, change.Status, change.Note,
                    string.IsNullOrWhiteSpace(change.PublicAnswer) ? report.PublicAnswer : change.PublicAnswer, change.ForwardedTo)!.Value;
                return new Refused(field, reason, StatusCodes.Status422UnprocessableEntity);
            }
            if (await reports.UpdateAsync(next, report.Version, ct)) return new Changed(next);
        }
        return new Refused("reportId", "El reporte cambió mientras se guardaba; intente de nuevo.", StatusCodes.Status409Conflict);
    }

    /// <summary>An auditor decides whether the report's description and photos are published (Open311); kept in its history.</summary>
    /// <remarks>A report outside the caller's entity scope is answered as one that does not exist.</remarks>
    public async Task<Outcome> SetPublishableAsync(string reportId, bool publishable, Auth.Caller by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !by.Sees(report.EntityNit)) return new Refused("reportId", $"No hay un reporte con el identificador '{reportId}'.", StatusCodes.Status404NotFound);
            if (report.MarkPublishable(publishable, by.Name, clock.GetUtcNow()) is not { } next) return new Changed(report);
            if (await reports.UpdateAsync(next, report.Version, ct)) return new Changed(next);
        }
        return new Refused("reportId", "El reporte cambió mientras se guardaba; intente de nuevo.", StatusCodes.Status409Conflict);
    }

    /// <summary>Hands a report to a staff member (null: to nobody); kept in its history under the caller's name.</summary>
    /// <remarks>A report outside the caller's entity scope is answered as one that does not exist.</remarks>
    public async Task<Outcome> AssignAsync(string reportId, string? to, Auth.Caller by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !by.Sees(report.EntityNit)) return new Refused("reportId", $"No hay un reporte con el identificador '{reportId}'.", StatusCodes.Status404NotFound);
            if (report.Assign(to, by.Name, clock.GetUtcNow()) is not { } next) return new Changed(report);
            if (await reports.UpdateAsync(next, report.Version, ct)) return new Changed(next);
        }
        return new Refused("reportId", "El reporte cambió mientras se guardaba; intente de nuevo.", StatusCodes.Status409Conflict);
    }

    /// <summary>One change with one note for several reports, each through <see cref="ChangeStatusAsync"/> (so each
    /// history keeps it, and each report's own workflow decides): what was changed and, per report, why not.</summary>
    public async Task<(IReadOnlyList<Report> Changed, IReadOnlyList<(string ReportId, string Reason)> Refused)> ChangeStatusOfManyAsync(
        IReadOnlyList<string> reportIds, StatusChangeRequest change, Auth.Caller by, CancellationToken ct)
    {
        var changed = new List<Report>();
        var refused = new List<(string, string)>();
        foreach (var id in reportIds.Distinct(StringComparer.Ordinal))
        {
            switch (await ChangeStatusAsync(id, change, by, ct))
            {
                case Changed c: changed.Add(c.Report); break;
                case Refused r: refused.Add((id, r.Problem.Reason)); break;
            }
        }
        return (changed, refused);
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

    /// <summary>The legal deadline of a report of this category received at <paramref name="receivedAt"/>, in Colombian
    /// business days from its day in Colombia.</summary>
    public static DateOnly DeadlineOf(string category, DateTimeOffset receivedAt) =>
        ColombianCalendar.AddBusinessDays(DateOnly.FromDateTime(receivedAt.ToOffset(ColombiaTime.Offset).DateTime), KindOf(category).LegalDays());

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

/// <summary>What anyone holding the tracking code may see: never the reporter's identity.</summary>
/// <param name="ForwardedTo">The authority it was forwarded to: Ley 1755 de 2015 art. 21 says the citizen is told.</param>
public sealed record PublicStatus(string Status, string StatusLabel, string Category, string CategoryLabel, DateTimeOffset ReceivedAt,
    DateOnly Deadline, bool Overdue, DateTimeOffset? ForwardedAt, DateTimeOffset? UpdatedAt, string? PublicAnswer, string? ForwardedTo = null)
{
    public static PublicStatus Of(Report r, DateOnly today) =>
        new(r.Status, ReportStatus.Labels[r.Status], r.Category, ReportCategory.Labels.GetValueOrDefault(r.Category, r.Category),
            r.ReceivedAt, r.Deadline, r.IsOverdue(today), r.History.LastOrDefault(h => h.To == ReportStatus.Forwarded && h.From != h.To)?.At,
            r.History.Count > 0 ? r.History[^1].At : null, r.PublicAnswer, r.ForwardedTo);
}

/// <summary>A report as the auditors' desk lists it.</summary>
public sealed record DeskItem(string ReportId, string ContractId, string Category, string Description, bool Anonymous,
    bool LacksEvidence, ReportLocation? Location, int Photos, DateTimeOffset ReceivedAt, DateOnly Deadline, DateOnly ForwardBy,
    bool Overdue, string Status, string? PublicAnswer, string? ForwardedTo = null, string? AssignedTo = null)
{
    public static DeskItem Of(Report r, DateOnly today) =>
        new(r.ReportId, r.ContractId, r.Category, r.Description, r.Anonymous, r.LacksEvidence, r.Location, r.Photos.Count,
            r.ReceivedAt, r.Deadline, r.ForwardBy, r.IsOverdue(today), r.Status, r.PublicAnswer, r.ForwardedTo, r.AssignedTo);
}
