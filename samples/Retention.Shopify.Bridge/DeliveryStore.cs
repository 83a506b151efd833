using Microsoft.Data.Sqlite;

namespace Retention.Shopify.Bridge;

/// <summary>
/// The SQLite table of accepted webhook deliveries (topic, webhook id, raw body), in arrival order. The ledger is
/// rebuilt at start-up by handling them again: the mapping is deterministic and the ledger keys come from Shopify's ids,
/// so the same deliveries give the same ledger.
/// </summary>
internal sealed class DeliveryStore : IDisposable
{
    private readonly SqliteConnection _connection;

    internal DeliveryStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL;");
        Execute("PRAGMA synchronous = FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS deliveries (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                topic TEXT NOT NULL,
                webhook_id TEXT NULL,
                body BLOB NOT NULL)
            """);
    }

    internal IEnumerable<(string Topic, string? WebhookId, byte[] Body)> ReadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT topic, webhook_id, body FROM deliveries ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), (byte[])reader.GetValue(2));
        }
    }

    internal void Append(string topic, string? webhookId, byte[] body)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO deliveries (topic, webhook_id, body) VALUES ($topic, $id, $body)";
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$id", (object?)webhookId ?? DBNull.Value);
        command.Parameters.AddWithValue("$body", body);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
