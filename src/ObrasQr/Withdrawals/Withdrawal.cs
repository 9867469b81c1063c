namespace ObrasQr.Withdrawals;

/// <summary>
/// A work the office withdrew from publication: an act of the entity, not a SECOP version, so no import or sync undoes
/// it. Its page still answers (its QR code is printed on a billboard) and says who withdrew it, when and why; every
/// listing of works leaves it out.
/// </summary>
/// <param name="EntityNit">The entity of the contract when it was withdrawn: whose office sees it in its desk.</param>
/// <param name="Reason">The public reason, shown on the work's page.</param>
/// <param name="StaffId">The desk account that withdrew it; null for an API key.</param>
/// <param name="StaffName">The person's name, or the API key's name.</param>
public sealed record Withdrawal(string ContractId, string? EntityNit, DateTimeOffset At, string Reason, string? StaffId, string StaffName)
{
    /// <summary>The day it was withdrawn in Colombia, as the page and the desk say it ("7 de diciembre de 2026").</summary>
    public string Day => Contracts.ContractChanges.Date(DateOnly.FromDateTime(At.ToOffset(ColombiaTime.Offset).DateTime))!;
}

public enum WithdrawalActKind { Withdrawn, Republished }

/// <summary>One act in a work's withdrawal history: withdrawn (with its reason) or published again.</summary>
public sealed record WithdrawalAct(string ContractId, WithdrawalActKind Kind, DateTimeOffset At, string? Reason, string? StaffId, string StaffName,
    string? EntityNit)
{
    public Withdrawal AsWithdrawal() => new(ContractId, EntityNit, At, Reason ?? "", StaffId, StaffName);
}

/// <summary>What open data and the API show of a withdrawal: when and why, never who.</summary>
public sealed record WithdrawalNotice(DateTimeOffset At, string Reason)
{
    public static WithdrawalNotice Of(Withdrawal withdrawal) => new(withdrawal.At, withdrawal.Reason);
}
