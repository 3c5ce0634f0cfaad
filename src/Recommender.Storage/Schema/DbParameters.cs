// Binds a named parameter the same way for Npgsql and Microsoft.Data.Sqlite commands.
using System.Data.Common;

namespace Recommender.Storage.Schema;

public static class DbParameters
{
    public static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
