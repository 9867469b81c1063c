namespace ObrasQr.AzureStorage;

/// <summary>
/// The keys of reports and their index rows (docs/azure-tables.md, "reports"): report rows live per entity and month of
/// receipt, so an entity's desk reads only its own partitions, and each work keeps a pointer per report in a partition
/// of its own, so its page counts them with one partition query. Pure functions, so they are tested without Azure.
/// </summary>
public static class ReportKeys
{
    /// <summary>
    /// The index partition that lists the months holding reports of any entity (RowKey: the month), so the national
    /// lists know which national month partitions (<see cref="National"/>) to walk.
    /// </summary>
    public const string NationalMonths = "n_months";

    /// <summary>
    /// Before the national index: the partition that listed every (month, entity) holding reports (RowKey
    /// <c>m202611_{entity}</c>; earlier still, the month alone). Nothing reads it any more; the report-keys migration
    /// still deletes its month-only rows.
    /// </summary>
    public const string FormerNationalMonths = "months";

    /// <summary>
    /// The index partition holding a copy of every report received in a UTC month, of every entity (<c>n_m202611</c>),
    /// under the report's own RowKey, so the national lists read one partition per month, newest first.
    /// </summary>
    public static string National(string month) => "n_" + month;

    /// <summary>The entity part of a key: empty for reports kept before entities were recorded (they have none).</summary>
    public static string Entity(string? entityNit) => string.IsNullOrEmpty(entityNit) ? "" : TableKeys.Encode(entityNit);

    /// <summary>A report row's partition: <c>{entity}_m{yyyyMM}</c>, e.g. <c>890480184_m202611</c>, or <c>_m202611</c>.</summary>
    public static string Partition(string? entityNit, DateTimeOffset receivedAt) => InMonth(Entity(entityNit), TableKeys.Month(receivedAt));

    public static string InMonth(string entity, string month) => entity + "_" + month;

    /// <summary>The month (<c>m202611</c>) of a report partition; the entity may hold '_', the month never does.</summary>
    public static string MonthOf(string partition) => partition[(partition.LastIndexOf('_') + 1)..];

    public static string EntityOf(string partition) => partition[..partition.LastIndexOf('_')];

    /// <summary>Partitions written before reports were kept per entity (<c>m202611</c>): only the migration reads them.</summary>
    public static bool IsOldNationalMonth(string partition) => !partition.Contains('_');

    /// <summary>The index partition listing the months in which an entity has reports (RowKey: the month).</summary>
    public static string EntityMonths(string? entityNit) => "months_" + Entity(entityNit);

    /// <summary>The index partition of a work's report pointers (RowKey: the report id).</summary>
    public static string Work(string contractId) => "w_" + TableKeys.Encode(contractId);
}
