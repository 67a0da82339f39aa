//! Reading an archive's rows in order, each checked against the header.

use std::path::Path;

use super::{
    RestoreError,
    archive::{Header, Item, Reader, Value},
};
use crate::Store;

/// The rows of an archive in order, each checked against the header's list of tables.
pub(super) struct Walk {
    pub reader: Reader,
    pub header: Header,
    /// The table whose rows are being read, and how many of them are left.
    table: Option<(usize, u64)>,
}

pub(super) enum Step {
    /// A row of the header's `n`th table.
    Row(usize, Vec<Value>),
    /// The end line was read.
    Done,
}

impl Walk {
    pub fn open(path: &Path) -> Result<Self, RestoreError> {
        let mut reader = Reader::open(path)?;
        let known = Store::migration_versions().0;
        let header = match reader.header(&known) {
            Ok(header) => header,
            // Damage is told before age: a damaged archive may only look newer.
            Err(newer @ RestoreError::Newer { .. }) => {
                return Err(reader.check_digest().err().unwrap_or(newer));
            }
            Err(err) => return Err(err),
        };
        Ok(Self { reader, header, table: None })
    }

    pub fn next(&mut self) -> Result<Step, RestoreError> {
        let damaged = |why: String| RestoreError::Damaged(why);
        loop {
            if let Some((n, left)) = &mut self.table
                && *left > 0
            {
                let table = &self.header.tables[*n];
                return match self.reader.next()? {
                    Item::Row(values) if values.len() == table.columns.len() => {
                        *left -= 1;
                        Ok(Step::Row(*n, values))
                    }
                    Item::Row(_) => Err(damaged(format!("a row of {} has the wrong length", table.name))),
                    _ => Err(damaged(format!("{} has fewer rows than its header says", table.name))),
                };
            }
            let next = self.table.map_or(0, |(n, _)| n + 1);
            match self.reader.next()? {
                Item::Table(name) if self.header.tables.get(next).is_some_and(|t| t.name == name) => {
                    self.table = Some((next, self.header.tables[next].rows));
                }
                Item::End if next == self.header.tables.len() => return Ok(Step::Done),
                _ => return Err(damaged("its tables are not the ones its header lists".into())),
            }
        }
    }
}
