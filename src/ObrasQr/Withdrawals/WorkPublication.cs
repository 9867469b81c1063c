using Microsoft.AspNetCore.Http;
using ObrasQr.Accountability;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.OpenData;
using ObrasQr.Pages;

namespace ObrasQr.Withdrawals;

/// <summary>Withdraws a work from publication and publishes it again: the rules the API and the desk's forms share.</summary>
public sealed class WorkPublication(IWithdrawalStore withdrawals, IContractStore contracts, ContractPageCache pages, WorksCatalog catalog,
    OpenDataBuild openData, TimeProvider clock)
{
    public const int MinReason = 10, MaxReason = 500;

    public abstract record Outcome;
    public sealed record Done(WithdrawalAct Act) : Outcome;
    public sealed record Refused(FieldProblem Problem) : Outcome;

    /// <summary>Withdraws a published work of the caller's entity, with a public reason.</summary>
    public async Task<Outcome> WithdrawAsync(string contractId, string? reason, Caller caller, CancellationToken ct)
    {
        if (await WorkAsync(contractId, caller, ct) is not { } work) return new Refused(NoWork(contractId));
        var text = reason?.Trim() ?? "";
        if (text.Length is < MinReason or > MaxReason)
            return new Refused(new FieldProblem("reason",
                $"Escriba el motivo que verá la ciudadanía, de {MinReason} a {MaxReason} caracteres (tiene {text.Length})."));
        var act = new WithdrawalAct(work.ContractId, WithdrawalActKind.Withdrawn, clock.GetUtcNow(), text, caller.MemberId, caller.Name,
            work.Contract.EntityNit);
        if (!await withdrawals.RecordAsync(act, ct))
            return new Refused(new FieldProblem("contractId", "Esta obra ya está retirada de la publicación.", StatusCodes.Status409Conflict));
        Forget(work.ContractId);
        return new Done(act);
    }

    /// <summary>Publishes a withdrawn work of the caller's entity again.</summary>
    public async Task<Outcome> RepublishAsync(string contractId, Caller caller, CancellationToken ct)
    {
        if (await WorkAsync(contractId, caller, ct) is not { } work) return new Refused(NoWork(contractId));
        var act = new WithdrawalAct(work.ContractId, WithdrawalActKind.Republished, clock.GetUtcNow(), null, caller.MemberId, caller.Name,
            work.Contract.EntityNit);
        if (!await withdrawals.RecordAsync(act, ct))
            return new Refused(new FieldProblem("contractId", "Esta obra no está retirada: ya está publicada.", StatusCodes.Status409Conflict));
        Forget(work.ContractId);
        return new Done(act);
    }

    /// <summary>The withdrawn works the caller's entity may publish again, by contract id.</summary>
    public async Task<IReadOnlyList<Withdrawal>> WithdrawnAsync(Caller caller, CancellationToken ct) =>
        (await withdrawals.ListAsync(ct)).Where(w => caller.Sees(w.EntityNit)).ToList();

    // Another entity's work is answered as unknown (404), as every staff route does.
    async Task<ContractVersion?> WorkAsync(string contractId, Caller caller, CancellationToken ct)
    {
        var current = await contracts.FindAsync(contractId, ct);
        return current is not null && current.Contract.IsPublishedWork && caller.Sees(current.Contract.EntityNit) ? current : null;
    }

    static FieldProblem NoWork(string contractId) =>
        new("contractId", $"No hay una obra publicada de su entidad con el número '{contractId}'.", StatusCodes.Status404NotFound);

    // This instance shows the change at once; others within their caches' freshness. The open-data files, built once
    // for every instance, are built again in the background.
    void Forget(string contractId)
    {
        pages.Forget(contractId);
        catalog.Forget();
        openData.RequestBuild();
    }
}
