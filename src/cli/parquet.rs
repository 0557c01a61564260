//! Results tables as Parquet files, for pandas, polars and DuckDB: one row group, a column per
//! table column, whole numbers as unsigned 64-bit integers, numbers as doubles, text as UTF-8
//! strings; an override a row does not set is a null. Written with the `parquet` crate's
//! low-level writer (no Arrow: a lighter build), and read back for `cimic batch merge`.

use cimic_core::batch::table::{Column, Data, Table};
use parquet::basic::{LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::types::Type;
use std::sync::Arc;

/// The schema of a table: each column's name and type.
fn schema(t: &Table) -> parquet::errors::Result<Type> {
    let mut fields = Vec::new();
    for c in &t.columns {
        let (physical, logical, repetition) = match &c.data {
            Data::Int(_) => (
                Physical::INT64,
                Some(LogicalType::Integer(parquet::basic::IntType {
                    bit_width: 64,
                    is_signed: false,
                })),
                Repetition::REQUIRED,
            ),
            Data::Float(_) => (Physical::DOUBLE, None, Repetition::OPTIONAL),
            Data::Text(_) => (
                Physical::BYTE_ARRAY,
                Some(LogicalType::String),
                Repetition::OPTIONAL,
            ),
        };
        let field = Type::primitive_type_builder(&c.name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()?;
        fields.push(Arc::new(field));
    }
    Type::group_type_builder("cimic_results")
        .with_fields(fields)
        .build()
}

/// The table as the bytes of a Parquet file.
pub fn to_parquet(t: &Table) -> Result<Vec<u8>, String> {
    write(t).map_err(|e| format!("cannot encode the table as Parquet: {e}"))
}

fn write(t: &Table) -> parquet::errors::Result<Vec<u8>> {
    let props = Arc::new(
        WriterProperties::builder()
            .set_created_by(format!("cimic {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut out = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut out, Arc::new(schema(t)?), props)?;
    let mut group = writer.next_row_group()?;
    let mut k = 0;
    while let Some(mut col) = group.next_column()? {
        match &t.columns[k].data {
            Data::Int(v) => {
                let v: Vec<i64> = v.iter().map(|&x| x as i64).collect();
                col.typed::<Int64Type>().write_batch(&v, None, None)?;
            }
            Data::Float(v) => {
                let present: Vec<f64> = v.iter().flatten().copied().collect();
                let levels: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                col.typed::<DoubleType>()
                    .write_batch(&present, Some(&levels), None)?;
            }
            Data::Text(v) => {
                let present: Vec<ByteArray> = v
                    .iter()
                    .flatten()
                    .map(|s| ByteArray::from(s.as_str()))
                    .collect();
                let levels: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&present, Some(&levels), None)?;
            }
        }
        col.close()?;
        k += 1;
    }
    group.close()?;
    writer.close()?;
    Ok(out)
}

/// Reads a Parquet file `cimic batch` wrote back into a table.
pub fn from_parquet(path: &std::path::Path) -> Result<Table, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("{}: cannot read the file: {e}", path.display()))?;
    read(file).map_err(|e| {
        format!(
            "{}: not a results table of `cimic batch` ({e})",
            path.display()
        )
    })
}

fn read(file: std::fs::File) -> Result<Table, String> {
    let reader = SerializedFileReader::new(file).map_err(|e| e.to_string())?;
    let descr = reader.metadata().file_metadata().schema_descr_ptr();
    let mut t = Table::default();
    for c in descr.columns() {
        let data = match c.physical_type() {
            Physical::INT64 => Data::Int(Vec::new()),
            Physical::DOUBLE => Data::Float(Vec::new()),
            Physical::BYTE_ARRAY => Data::Text(Vec::new()),
            other => return Err(format!("column `{}` is of type {other}", c.name())),
        };
        t.columns.push(Column {
            name: c.name().to_string(),
            data,
        });
    }
    for row in reader.get_row_iter(None).map_err(|e| e.to_string())? {
        let row = row.map_err(|e| e.to_string())?;
        for (k, (_, field)) in row.get_column_iter().enumerate() {
            let col = t.columns.get_mut(k).ok_or("more fields than columns")?;
            match (&mut col.data, field) {
                (Data::Int(v), Field::ULong(x)) => v.push(*x),
                (Data::Int(v), Field::Long(x)) => v.push(*x as u64),
                (Data::Float(v), Field::Double(x)) => v.push(Some(*x)),
                (Data::Float(v), Field::Null) => v.push(None),
                (Data::Text(v), Field::Str(s)) => v.push(Some(s.clone())),
                (Data::Text(v), Field::Null) => v.push(None),
                (_, f) => return Err(format!("column `{}`: unexpected value {f}", col.name)),
            }
        }
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_from_parquet_unchanged() {
        let t = Table {
            columns: vec![
                Column {
                    name: "row".into(),
                    data: Data::Int(vec![0, 1, u64::MAX]),
                },
                Column {
                    name: "units[0].strength".into(),
                    data: Data::Float(vec![Some(0.1), None, Some(-2.5)]),
                },
                Column {
                    name: "state_hash".into(),
                    data: Data::Text(vec![Some("ab".into()), None, Some("é,\"".into())]),
                },
            ],
        };
        let bytes = to_parquet(&t).expect("write");
        assert_eq!(&bytes[..4], b"PAR1");
        let dir = tempfile::tempdir().expect("dir");
        let (good, bad) = (dir.path().join("t.parquet"), dir.path().join("bad.parquet"));
        std::fs::write(&good, &bytes).expect("write");
        std::fs::write(&bad, b"not parquet").expect("write");
        assert_eq!(from_parquet(&good).expect("read"), t);
        assert!(from_parquet(&bad).is_err());
    }
}
