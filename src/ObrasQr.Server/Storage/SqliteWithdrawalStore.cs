using System.Globalization;
using Microsoft.Data.Sqlite;
using ObrasQr.Withdrawals;

namespace ObrasQr.Server.Storage;

/// <summary>Tables withdrawal_acts (every act) and withdrawals (a work withdrawn now, pointing at the act that withdrew it);
/// schema step WorksCanBeWithdrawn.</summary>
public sealed class SqliteWithdrawalStore(SqliteDatabase db) : IWithdrawalStore
{
    const string Columns = "a.contract_id, a.kind, a.at, a.reason, a.staff_id, a.staff_name, a.entity_nit";
    const string Withdrawn = "withdrawals w JOIN withdrawal_acts a ON a.id = w.act_id";

    public Task<Withdrawal?> FindAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {Withdrawn} WHERE w.contract_id = $id";
        command.Parameters.AddWithValue("$id", contractId);
        return Task.FromResult(ReadAll(command).FirstOrDefault()?.AsWithdrawal());
    }

    public Task<IReadOnlyList<Withdrawal>> ListAsync(CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {Withdrawn} ORDER BY w.contract_id";
        return Task.FromResult<IReadOnlyList<Withdrawal>>(ReadAll(command).Select(a => a.AsWithdrawal()).ToList());
    }

    public Task<IReadOnlyList<WithdrawalAct>> HistoryAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM withdrawal_acts a WHERE a.contract_id = $id ORDER BY a.id";
        command.Parameters.AddWithValue("$id", contractId);
        return Task.FromResult<IReadOnlyList<WithdrawalAct>>(ReadAll(command));
    }

    // The act and the state it leads to in one transaction: the history never misses an act that took effect.
    public Task<bool> RecordAsync(WithdrawalAct act, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        using var state = Command(connection, transaction, "SELECT COUNT(*) FROM withdrawals WHERE contract_id = $id", act.ContractId);
        var withdrawn = Convert.ToInt64(state.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        if (withdrawn == (act.Kind == WithdrawalActKind.Withdrawn)) return Task.FromResult(false);

        using var insert = Command(connection, transaction, """
            INSERT INTO withdrawal_acts (contract_id, kind, at, reason, staff_id, staff_name, entity_nit)
            VALUES ($id, $kind, $at, $reason, $staff_id, $staff_name, $entity_nit) RETURNING id
            """, act.ContractId);
        insert.Parameters.AddWithValue("$kind", act.Kind.ToString());
        insert.Parameters.AddWithValue("$at", act.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$reason", (object?)act.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue("$staff_id", (object?)act.StaffId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$staff_name", act.StaffName);
        insert.Parameters.AddWithValue("$entity_nit", (object?)act.EntityNit ?? DBNull.Value);
        var actId = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);

        using var change = Command(connection, transaction, act.Kind == WithdrawalActKind.Withdrawn
            ? "INSERT INTO withdrawals (contract_id, act_id) VALUES ($id, $act)"
            : "DELETE FROM withdrawals WHERE contract_id = $id", act.ContractId);
        change.Parameters.AddWithValue("$act", actId);
        change.ExecuteNonQuery();
        // The works catalog of every instance re-reads this entity's works (and the map) at its next look.
        SqliteCatalogStamps.Move(connection, transaction, [SqliteCatalogStamps.EntityPrefix + (act.EntityNit ?? ""), SqliteCatalogStamps.Points]);
        transaction.Commit();
        return Task.FromResult(true);
    }

    static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string contractId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", contractId);
        return command;
    }

    static List<WithdrawalAct> ReadAll(SqliteCommand command)
    {
        var acts = new List<WithdrawalAct>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            acts.Add(new WithdrawalAct(reader.GetString(0), Enum.Parse<WithdrawalActKind>(reader.GetString(1)),
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        return acts;
    }
}
