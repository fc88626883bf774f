using System.Data.Common;

namespace EvoPo.Coordinator.Store;

/// <summary>
/// A run's files in the journal database, content-addressed: each distinct content is one blob keyed by its SHA-256
/// (<c>evopo_blobs</c>), and a run names its files by that key (<c>evopo_run_files</c>: run id, file name → hash). Two
/// runs with the same dataset store it once; a file written again only moves its name to the new blob. Blobs are never
/// deleted, so an entry always finds its content.
/// </summary>
public sealed class RunArtifactStore(RunDatabase database)
{
    public RunDatabase Database => database;

    /// <summary>Stores <paramref name="content"/> as the run's file <paramref name="name"/> (replacing what the name held); returns its hash.</summary>
    public async Task<string> PutAsync(string runId, string name, byte[] content, CancellationToken cancellation)
    {
        var hash = ContentHash.Of(content);
        await using var connection = await database.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var blob = RunDatabase.Command(connection,
                         "INSERT INTO evopo_blobs (hash, content) VALUES (@hash, @content) ON CONFLICT (hash) DO NOTHING",
                         ("@hash", hash), ("@content", content)))
        {
            blob.Transaction = transaction;
            await blob.ExecuteNonQueryAsync(cancellation);
        }
        await using (var entry = RunDatabase.Command(connection,
                         "INSERT INTO evopo_run_files (run_id, name, hash) VALUES (@run, @name, @hash) " +
                         "ON CONFLICT (run_id, name) DO UPDATE SET hash = excluded.hash",
                         ("@run", runId), ("@name", name), ("@hash", hash)))
        {
            entry.Transaction = transaction;
            await entry.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return hash;
    }

    /// <summary>The run's stored files by name; empty for a run that has none (or a database where nothing was ever stored).</summary>
    public async Task<IReadOnlyList<StoredFile>> ListAsync(string runId, CancellationToken cancellation)
    {
        await using var connection = await database.OpenForReadingAsync(cancellation);
        if (connection is null) return [];
        try
        {
            await using var command = RunDatabase.Command(connection, "SELECT name, hash FROM evopo_run_files WHERE run_id = @run ORDER BY name", ("@run", runId));
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var files = new List<StoredFile>();
            while (await reader.ReadAsync(cancellation)) files.Add(new StoredFile(reader.GetString(0), reader.GetString(1)));
            return files;
        }
        catch (DbException e) when (RunDatabase.IsMissingTable(e))
        {
            return [];
        }
    }

    /// <summary>The content stored under <paramref name="hash"/>, checked against it.</summary>
    /// <exception cref="InvalidDataException">No such blob, or its bytes do not hash to its key (damaged in the database).</exception>
    public async Task<byte[]> ReadAsync(string hash, CancellationToken cancellation)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await using var command = RunDatabase.Command(connection, "SELECT content FROM evopo_blobs WHERE hash = @hash", ("@hash", hash));
        var content = await command.ExecuteScalarAsync(cancellation) as byte[]
            ?? throw new InvalidDataException($"the run store has no blob {hash}");
        var actual = ContentHash.Of(content);
        return actual == hash ? content : throw new InvalidDataException($"the run store's blob {hash} is damaged (its content hashes to {actual})");
    }
}
