// SPDX-License-Identifier: Apache-2.0
/**
 * The Java research example: will it rain, from the temperature and the humidity, trained with Tribuo's logistic
 * regression ({@code LinearSGDTrainer}) on {@code examples/python-research/data/weather.csv}, delivered by the
 * standard tasks {@code train}, {@code evaluate}, {@code export} and {@code verify}. Not API.
 */
@NullMarked
package dev.mlops.examples.research;

import org.jspecify.annotations.NullMarked;
