namespace ObrasQr.AzureStorage;

/// <summary>
/// The keys of reports and their index rows (docs/azure-tables.md, "reports"): report rows live per entity and month of
/// receipt, so an entity's desk reads only its own partitions, and each work keeps a pointer per report in a partition
/// of its own, so its page counts them with one partition query. Pure functions, so they are tested without Azure.
/// </summary>
public static class ReportKeys
{
    /// <summary>The index partition that lists every (month, entity) holding reports, for staff of every entity.</summary>
    public const string NationalMonths = "months";

    /// <summary>The entity part of a key: empty for reports kept before entities were recorded (they have none).</summary>
    public static string Entity(string? entityNit) => string.IsNullOrEmpty(entityNit) ? "" : TableKeys.Encode(entityNit);

    /// <summary>A report row's partition: <c>{entity}_m{yyyyMM}</c>, e.g. <c>890480184_m202611</c>, or <c>_m202611</c>.</summary>
    public static string Partition(string? entityNit, DateTimeOffset receivedAt) => InMonth(Entity(entityNit), TableKeys.Month(receivedAt));

    public static string InMonth(string entity, string month) => entity + "_" + month;

    /// <summary>The month (<c>m202611</c>) of a report partition; the entity may hold '_', the month never does.</summary>
    public static string MonthOf(string partition) => partition[(partition.LastIndexOf('_') + 1)..];

    public static string EntityOf(string partition) => partition[..partition.LastIndexOf('_')];

    /// <summary>Partitions written before reports were kept per entity (<c>m202611</c>): only the migration reads them.</summary>
    public static bool IsNational(string partition) => !partition.Contains('_');

    /// <summary>The index partition listing the months in which an entity has reports (RowKey: the month).</summary>
    public static string EntityMonths(string? entityNit) => "months_" + Entity(entityNit);

    /// <summary>A row of <see cref="NationalMonths"/>: the month first, so rows come newest month last, grouped.</summary>
    public static string NationalMonth(string month, string entity) => month + "_" + entity;

    /// <summary>The partition of a <see cref="NationalMonths"/> row, or null for a row of the old one-per-month index.</summary>
    public static string? PartitionOfNationalMonth(string rowKey) =>
        rowKey.IndexOf('_') is var at and > 0 ? InMonth(rowKey[(at + 1)..], rowKey[..at]) : null;

    /// <summary>The index partition of a work's report pointers (RowKey: the report id).</summary>
    public static string Work(string contractId) => "w_" + TableKeys.Encode(contractId);
}
