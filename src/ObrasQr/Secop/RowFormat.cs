using System.IO.Hashing;
using System.Text;
using ObrasQr.Contracts;

namespace ObrasQr.Secop;

/// <summary>
/// What a row becomes under this importer, as one number: the seed of every row fingerprint and part of the whole
/// file's (<see cref="SecopImporter"/>). Derived from the columns read (<see cref="SecopRecord.Columns"/>), the facts
/// the content hash covers (<see cref="Contract.HashedFacts"/>) and the revision of the mapping rules, so that a new
/// column or fact changes it by itself: a fingerprint stored under another format matches no row, and the next import
/// of each file reads every row again, once (that is how an unchanged row fills a new column).
/// </summary>
public static class RowFormat
{
    /// <summary>
    /// Bump only when what a row becomes changes with no column or fact added: the rules of
    /// <see cref="SecopRecord.ToContract"/> or of the importer's mapping, or how <see cref="Contract.ContentHash"/> writes a fact.
    /// </summary>
    // 2: a CSV row's raw hash is of its bytes as written, not of its decoded text; 3: a row without the entity's NIT
    // warns (a row stored before without a warning carries a fingerprint that would hide it). Deriving the format from
    // the columns (December 2026) moved it too: the first import of each file after that read its rows once more.
    public const int RulesRevision = 3;

    /// <summary>Everything the format is derived from, one name a line: the rules' revision, each column, each fact.</summary>
    public static readonly IReadOnlyList<string> Inputs =
        InputsOf(RulesRevision, SecopRecord.Columns, Contract.HashedFacts.Select(f => f.Name));

    /// <summary>The current format, computed once.</summary>
    public static readonly long Current = Of(Inputs);

    public static IReadOnlyList<string> InputsOf(int rulesRevision, IEnumerable<string> columns, IEnumerable<string> facts) =>
        [$"rules:{rulesRevision}", .. columns.Select(c => $"column:{c}"), .. facts.Select(f => $"fact:{f}")];

    /// <summary>XxHash64 of the inputs in UTF-8, one a line (no name holds a line break): stable across runs and
    /// machines, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static long Of(IEnumerable<string> inputs) =>
        (long)XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(string.Join('\n', inputs)));
}
