// SPDX-License-Identifier: Apache-2.0
package ${package};

import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.model.RnDModel;
import dev.mlops.research.project.DatasetFile;
import dev.mlops.research.project.ResearchProject;
import dev.mlops.research.project.Split;
import java.nio.file.Path;
import java.util.Map;

/**
 * The research project as the standard tasks ({@code train}, {@code evaluate}, {@code export}, {@code verify}) see it:
 * its configuration record, a fresh model, its data by split. Listed in
 * {@code META-INF/services/dev.mlops.research.project.ResearchProject}, so that {@code mlops run} and the
 * {@code ResearchRunner} find it.
 */
public final class MlopsProject implements ResearchProject<ProjectConfig, CsvTable> {

    /** Creates the project; {@link java.util.ServiceLoader} calls it. */
    public MlopsProject() {
        // no state
    }

    @Override
    public String name() {
        return "${modelName}";
    }

    @Override
    public Class<ProjectConfig> configType() {
        return ProjectConfig.class;
    }

    @Override
    public RnDModel<ProjectConfig, CsvTable> newModel() {
        return new LinearModel();
    }

    @Override
    public DatasetFile dataset(ProjectConfig config, Split split) {
        // TODO: name your datasets; the tasks hash the files and record the hashes with every run.
        return split == Split.TRAIN
                ? new DatasetFile("${modelName}-train", Path.of(config.train().data()))
                : new DatasetFile("${modelName}-test", Path.of(config.evaluation().data()));
    }

    @Override
    public CsvTable read(ProjectConfig config, Split split, DatasetFile dataset) {
        return CsvTable.read(dataset.name(), dataset.file());
    }

    @Override
    public Map<String, Tensor> inputs(CsvTable data) {
        return Map.of(LinearModel.INPUT, data.inputs());
    }
}
