// Reads numeric CSV files (header row, comma-separated, invariant culture) for training,
// evaluation and prediction; every problem is reported with its line and column.
using System.Globalization;
using Recommender.Training.Model;

namespace Recommender.Training.Data;

public sealed class CsvFormatException(string message) : FormatException(message);

public sealed class CsvTable
{
    private readonly int[] _lines;

    private CsvTable(IReadOnlyList<string> columns, float[] values, int[] lines, string source)
    {
        _lines = lines;
        Columns = columns;
        Values = values;
        Source = source;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows × columns, row-major; an empty cell is NaN.</summary>
    public float[] Values { get; }

    public string Source { get; }
    public int Rows => Values.Length / Columns.Count;

    public static CsvTable Load(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static CsvTable Read(TextReader reader, string source = "input")
    {
        var header = reader.ReadLine() ?? throw new CsvFormatException($"{source}: line 1: the file is empty; a header row is required.");
        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Length == 0)
                throw new CsvFormatException($"{source}: line 1, column {c + 1}: empty column name.");
            if (Array.IndexOf(columns, columns[c]) != c)
                throw new CsvFormatException($"{source}: line 1, column {c + 1}: duplicate column name '{columns[c]}'.");
        }
        var values = new List<float>();
        var lines = new List<int>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            lines.Add(lineNumber);
            var cells = line.Split(',');
            if (cells.Length != columns.Length)
                throw new CsvFormatException($"{source}: line {lineNumber}: expected {columns.Length} columns, found {cells.Length}.");
            for (var c = 0; c < cells.Length; c++)
            {
                var cell = cells[c].Trim();
                if (cell.Length == 0)
                {
                    values.Add(float.NaN);
                }
                else if (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v))
                {
                    values.Add(v);
                }
                else
                {
                    throw new CsvFormatException($"{source}: line {lineNumber}, column {c + 1} ('{columns[c]}'): '{cell}' is not a finite number.");
                }
            }
        }
        return new CsvTable(columns, values.ToArray(), lines.ToArray(), source);
    }

    public int IndexOf(string column) => Columns.ToList().IndexOf(column);

    /// <summary>The named columns, in the given order, rows × names; empty cells are errors.</summary>
    public float[] Select(IReadOnlyList<string> names, bool allowMissing = false)
    {
        var indices = names.Select(n => IndexOf(n) is var i and >= 0 ? i : throw new CsvFormatException($"{Source}: line 1: no column named '{n}'.")).ToArray();
        var result = new float[Rows * names.Count];
        for (var r = 0; r < Rows; r++)
        {
            for (var k = 0; k < indices.Length; k++)
            {
                var v = Values[r * Columns.Count + indices[k]];
                if (float.IsNaN(v) && !allowMissing)
                    throw new CsvFormatException($"{Source}: line {DataLine(r)}, column {indices[k] + 1} ('{names[k]}'): empty cell.");
                result[r * names.Count + k] = v;
            }
        }
        return result;
    }

    /// <summary>Label columns are the tasks; every other column is a feature. Empty label cells mean "not observed".</summary>
    public TrainingData ToTrainingData(IReadOnlyList<TaskSpec> tasks)
    {
        var labelNames = tasks.Select(t => t.Name).ToArray();
        var featureNames = Columns.Where(c => !labelNames.Contains(c)).ToArray();
        var labels = Select(labelNames, allowMissing: true);
        for (var i = 0; i < labels.Length; i++)
        {
            var task = tasks[i % tasks.Count];
            if (task.Kind == TaskKind.Binary && !float.IsNaN(labels[i]) && labels[i] is not (0f or 1f))
                throw new CsvFormatException($"{Source}: line {DataLine(i / tasks.Count)}, column {IndexOf(task.Name) + 1} ('{task.Name}'): binary label must be 0 or 1, got {labels[i].ToString(CultureInfo.InvariantCulture)}.");
        }
        return new TrainingData(featureNames, tasks, Select(featureNames), labels);
    }

    private int DataLine(int row) => _lines[row];
}
