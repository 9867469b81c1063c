using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Http;

namespace ObrasQr.Progress;

/// <summary>The office corrects or deletes its own entries (issue 26): the rules the API and the desk's forms share.</summary>
public sealed partial class ProgressLog
{
    public sealed record Corrected(ProgressEntry Entry) : Outcome;
    public sealed record Deleted(ProgressEntry Entry) : Outcome;

    /// <summary>The office's entry of a work the caller may see, or why not (404 for another entity's work or an unknown
    /// entry, 403 for SECOP II's own entries, which the sync keeps as SECOP publishes them).</summary>
    public async Task<(ProgressEntry? Entry, FieldProblem? Problem)> OwnEntryAsync(string contractId, string entryId, Caller caller, CancellationToken ct)
    {
        if (await WorkAsync(contractId, caller, ct) is not { } work) return (null, NoWork(contractId));
        if (string.IsNullOrWhiteSpace(entryId) || await progress.FindAsync(work.ContractId, entryId, ct) is not { } entry)
            return (null, new FieldProblem("entryId", $"La obra {work.ContractId} no tiene un avance con el número '{entryId}'.", StatusCodes.Status404NotFound));
        if (entry.Source != ProgressSource.Office)
            return (null, new FieldProblem("entryId", "Este avance lo publica SECOP II y se lee de datos.gov.co: solo se corrigen o eliminan " +
                "los avances que registró la oficina.", StatusCodes.Status403Forbidden));
        return (entry, null);
    }

    public async Task<Outcome> CorrectAsync(string contractId, string entryId, ProgressCorrection correction, Caller caller, CancellationToken ct)
    {
        var (entry, problem) = await OwnEntryAsync(contractId, entryId, caller, ct);
        if (problem is not null) return new Refused(problem);
        if (Stale(entry!, correction) is { } stale) return new Refused(stale);
        var others = (await progress.ListAsync(entry!.ContractId, Considered, ct)).Where(e => e.EntryId != entry.EntryId).ToList();
        var (value, invalid) = correction.Over(entry).Check(ColombiaTime.Today(clock), others);
        if (invalid is not null) return new Refused(invalid);
        var shown = entry.ShownPhotos;
        var remove = correction.RemovePhotos.Distinct().ToHashSet();
        if (remove.Any(n => !shown.Contains(n)))
            return new Refused(new FieldProblem("removePhotos", shown.Count == 0
                ? "Este avance no tiene fotos que quitar."
                : $"Indique las fotos que quita por su número: {string.Join(", ", shown)}."));
        if (ReasonProblem(correction.Reason, required: false) is { } reasonProblem) return new Refused(reasonProblem);

        // The files stay in the store for the record; a removed photo's number stays empty (404), the others keep theirs.
        var corrected = entry with
        {
            ObservedOn = value!.ObservedOn, Percent = value.Percent, Note = value.Note, Latitude = value.Latitude, Longitude = value.Longitude,
            RemovedPhotos = [.. entry.RemovedPhotos.Union(remove).Order()],
            Version = entry.Version + 1,
        };
        if (!await progress.CorrectAsync(corrected, Revision(entry, caller, correction.Reason, deleted: false), ct))
            return new Refused(ChangedMeanwhile());
        Shown(entry, corrected);
        return new Corrected(corrected);
    }

    public async Task<Outcome> DeleteAsync(string contractId, string entryId, ProgressCorrection request, Caller caller, CancellationToken ct)
    {
        var (entry, problem) = await OwnEntryAsync(contractId, entryId, caller, ct);
        if (problem is not null) return new Refused(problem);
        if (Stale(entry!, request) is { } stale) return new Refused(stale);
        if (ReasonProblem(request.Reason, required: true) is { } reasonProblem) return new Refused(reasonProblem);
        if (!await progress.DeleteAsync(Revision(entry!, caller, request.Reason, deleted: true), ct))
            return new Refused(ChangedMeanwhile());
        Shown(entry!, null);
        return new Deleted(entry!);
    }

    static FieldProblem? Stale(ProgressEntry entry, ProgressCorrection correction) => correction.Version switch
    {
        null => new FieldProblem("version", "Indique la versión del avance que cambia (version), como la da la lista de avances."),
        var v when v != entry.Version => ChangedMeanwhile(),
        _ => null,
    };

    static FieldProblem ChangedMeanwhile() => new("version", "Alguien cambió este avance después de que usted lo abrió: vuelva a abrirlo, " +
        "revise lo que dice ahora y haga su cambio sobre eso.", StatusCodes.Status409Conflict);

    static FieldProblem? ReasonProblem(string? reason, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(reason))
            return new FieldProblem("reason", "Escriba por qué elimina el avance: queda en el historial de la obra.");
        if (reason is { Length: > ProgressCorrection.MaxReason })
            return new FieldProblem("reason", $"El motivo admite hasta {ProgressCorrection.MaxReason} caracteres; tiene {reason.Length}.");
        return null;
    }

    ProgressRevision Revision(ProgressEntry was, Caller caller, string? reason, bool deleted) => new()
    {
        Was = was, ChangedBy = caller.Name, ChangedAt = clock.GetUtcNow(), Deleted = deleted,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim().ReplaceLineEndings("\n"),
    };

    /// <summary>This instance shows the change at once; others see it by the page cache's count of changes within
    /// ContractPageCache.Freshness, on the map within WorksCatalog.Freshness, and stop serving removed thumbnails within
    /// ThumbnailCache.Recheck. The open data carries no progress, so it is not built again.</summary>
    void Shown(ProgressEntry was, ProgressEntry? now)
    {
        pages.Forget(was.ContractId);
        thumbnails.Forget(was); // other instances within ThumbnailCache.Recheck
        if (was.Latitude is not null || now?.Latitude is not null) catalog.Forget();
    }
}
