// Orleans' ADO.NET grain storage behind the SQLite file's WriterGate: its writes (blocking calls
// in Microsoft.Data.Sqlite) then never wait in SQLite's busy handler while another store of the
// process commits, which held grain turns for seconds and stalled the thread pool.
using Orleans.Storage;
using Recommender.Storage.Schema;

namespace Recommender.Server.Persistence;

public sealed class GatedGrainStorage(IGrainStorage inner, WriterGate writer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var turn = await writer.EnterAsync();
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var turn = await writer.EnterAsync();
        await inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
